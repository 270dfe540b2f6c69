import type { OpDef } from '../types.js';

/** Flattens [H, W, C] (row-major, channels last) into [H*W*C]. */
export const flatten: OpDef<'flatten'> = {
  kind: 'flatten',
  arity: { min: 1, max: 1 },
  inferShape: (inputs) => [(inputs[0] as readonly number[]).reduce((p, d) => p * d, 1)],
  params: () => 0,
  macs: () => 0,
};
