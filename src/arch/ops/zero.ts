import type { OpDef } from '../types.js';

/** Outputs zeros of its input's shape: the NAS-Bench-201 'none' edge, which cuts a connection. */
export const zero: OpDef<'zero'> = {
  kind: 'zero',
  arity: { min: 1, max: 1 },
  inferShape: (inputs) => inputs[0] as readonly number[],
  params: () => 0,
  macs: () => 0,
};
