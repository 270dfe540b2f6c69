import type { Split } from '../../data/dataset.js';
import { checkSplit, runFit, type Evaluation, type FitData, type FitHooks, type FitResult } from '../fit-loop.js';
import { parseFitOptions, type FitOptionsInput } from '../fit-options.js';
import { loadNative, type NativeAddon } from './addon.js';
import type { NativeModel } from './model.js';

/**
 * Trains a NativeModel with the loop every engine shares (`../fit-loop.ts`): same batches, schedule and history as
 * the TF.js engine for the same options. SGD with (Nesterov) momentum and Adam run as fused native updates with the
 * rules of `../tfjs/optimizer.ts` (weight decay only on kernels).
 */
export function fitNative(model: NativeModel, data: FitData, options: FitOptionsInput = {}, hooks: FitHooks = {}): FitResult {
  const o = parseFitOptions(options);
  const native = loadNative().addon as NativeAddon;
  const params = model.trainable();
  const slots = params.map((p) => ({ m: new Float32Array(p.values.length), v: o.optimizer === 'adam' ? new Float32Array(p.values.length) : null }));
  let t = 0;
  return runFit({
    inputShape: model.graph.inputShape,
    trainBatch: (split, order, from, to, lr) => {
      const loss = model.computeGradients(split.x, split.y, order, from, to);
      t++;
      params.forEach((p, i) => {
        const s = slots[i] as { m: Float32Array; v: Float32Array | null };
        const decay = p.decays ? o.weightDecay : 0;
        if (s.v) native.adam(p.values, p.grad, s.m, s.v, lr, 0.9, 0.999, 1e-7, t, decay);
        else native.sgd(p.values, p.grad, s.m, lr, o.momentum, o.nesterov, decay);
      });
      model.updateMovingStats(to - from);
      return loss;
    },
    evaluate: (split) => evaluateNative(model, split),
    finish: () => {},
  }, data, o, hooks);
}

/** Accuracy and mean cross-entropy of a NativeModel on a split, in batches of `batchSize`, at inference. */
export function evaluateNative(model: NativeModel, split: Split, options: { batchSize?: number } = {}): Evaluation {
  checkSplit(split, model.graph.inputShape, 'evaluate');
  const batch = options.batchSize ?? 256;
  let correct = 0;
  let loss = 0;
  for (let from = 0; from < split.n; from += batch) {
    const n = Math.min(batch, split.n - from);
    const r = model.scoreBatch(split.x, split.y, from, n);
    correct += r.correct;
    loss += r.loss;
  }
  return { accuracy: correct / split.n, loss: loss / split.n, n: split.n };
}
