import type { OpDef } from '../types.js';

/** The graph input; its shape is the graph's `inputShape`, set by the builder. */
export const input: OpDef<'input'> = {
  kind: 'input',
  arity: { min: 0, max: 0 },
  inferShape: (inputs) => inputs[0] as readonly number[],
  params: () => 0,
  macs: () => 0,
};
