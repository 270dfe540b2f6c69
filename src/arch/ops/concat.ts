import { ShapeError } from '../../errors.js';
import type { OpDef } from '../types.js';

/** Concatenation along the last (channel) axis; other dimensions must match. */
export const concat: OpDef<'concat'> = {
  kind: 'concat',
  arity: { min: 2, max: 64 },
  inferShape(inputs, _a, where) {
    const first = inputs[0] as readonly number[];
    let channels = 0;
    for (const s of inputs) {
      if (s.length !== first.length || s.slice(0, -1).some((d, j) => d !== first[j])) {
        throw new ShapeError(`${where}: concat inputs must agree on all but the channel axis; got ${JSON.stringify(first)} and ${JSON.stringify(s)}.`);
      }
      channels += s[s.length - 1] as number;
    }
    return [...first.slice(0, -1), channels];
  },
  params: () => 0,
  macs: () => 0,
};
