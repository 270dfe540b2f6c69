import type { OpDef } from '../types.js';

/** Passes its input through unchanged (NAS-Bench-201's skip_connect inside a cell). */
export const identity: OpDef<'identity'> = {
  kind: 'identity',
  arity: { min: 1, max: 1 },
  inferShape: (inputs) => inputs[0] as readonly number[],
  params: () => 0,
  macs: () => 0,
};
