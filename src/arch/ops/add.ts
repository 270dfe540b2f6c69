import { ShapeError } from '../../errors.js';
import type { OpDef } from '../types.js';

/** Elementwise sum of two or more tensors of the same shape (residual connections). */
export const add: OpDef<'add'> = {
  kind: 'add',
  arity: { min: 2, max: 64 },
  inferShape(inputs, _a, where) {
    const first = inputs[0] as readonly number[];
    inputs.forEach((s, i) => {
      if (s.length !== first.length || s.some((d, j) => d !== first[j])) {
        throw new ShapeError(`${where}: all inputs of add must have the same shape; got ${JSON.stringify(first)} and ${JSON.stringify(s)} (input ${i}). Project the residual with a 1x1 conv.`);
      }
    });
    return first;
  },
  params: () => 0,
  macs: (_a, inputs, out) => out.reduce((p, d) => p * d, 1) * (inputs.length - 1),
};
