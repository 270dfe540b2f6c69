import { ShapeError } from '../../errors.js';
import type { OpDef } from '../types.js';

/** Batch normalisation over the last axis: gamma, beta, moving mean and moving variance per channel. */
export const batchNorm: OpDef<'batchNorm'> = {
  kind: 'batchNorm',
  arity: { min: 1, max: 1 },
  inferShape(inputs, a, where) {
    if (!(a.epsilon > 0)) throw new ShapeError(`${where}: epsilon must be > 0; got ${a.epsilon}.`);
    if (!(a.momentum >= 0 && a.momentum < 1)) throw new ShapeError(`${where}: momentum must be in [0, 1); got ${a.momentum}.`);
    return inputs[0] as readonly number[];
  },
  params(_a, _inputs, out) {
    return 4 * (out[out.length - 1] as number);
  },
  macs(_a, _inputs, out) {
    return out.reduce((p, d) => p * d, 1);
  },
};
