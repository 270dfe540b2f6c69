import type { Split } from '../data/dataset.js';
import { QuantizeError } from './errors.js';
import { quantizeValues } from './interpreter/elementwise.js';
import { runQuantModel } from './interpreter/index.js';
import type { QuantModel } from './types.js';

export { quantizeValues };

/** The parameters of the model's (single, int8) input tensor. */
export function inputParams(model: QuantModel): { scale: number; zeroPoint: number; size: number } {
  const t = model.tensors[model.inputs[0] as number];
  if (!t || t.dtype !== 'int8' || !t.quant) throw new QuantizeError('int8 evaluation: the model must have one int8 input tensor.');
  return { scale: t.quant.scale[0] as number, zeroPoint: t.quant.zeroPoint[0] as number, size: t.shape.reduce((p, d) => p * d, 1) };
}

/** Index of the largest value (first on ties). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] as number) > (values[best] as number)) best = i;
  return best;
}

/** Top-1 accuracy of the int8 model on a split, run sample by sample in the reference interpreter. */
export function int8Accuracy(model: QuantModel, split: Split, limit = split.n): number {
  const p = inputParams(model);
  const n = Math.min(limit, split.n);
  if (n === 0) return 0;
  let correct = 0;
  for (let i = 0; i < n; i++) {
    const x = quantizeValues(split.x.subarray(i * p.size, (i + 1) * p.size), p.scale, p.zeroPoint);
    const [y] = runQuantModel(model, [x]);
    if (argmax(y as ArrayLike<number>) === split.y[i]) correct++;
  }
  return correct / n;
}
