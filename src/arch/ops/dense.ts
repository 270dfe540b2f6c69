import { ShapeError } from '../../errors.js';
import type { OpDef } from '../types.js';
import { expectInt } from './util.js';

/** Fully connected layer over a rank-1 input, weights [inUnits, units]. */
export const dense: OpDef<'dense'> = {
  kind: 'dense',
  arity: { min: 1, max: 1 },
  inferShape(inputs, a, where) {
    const s = inputs[0];
    if (!s || s.length !== 1) {
      throw new ShapeError(`${where}: dense input must have rank 1; got ${JSON.stringify(s)}. Insert a flatten or globalAvgPool before it.`);
    }
    expectInt(a.units, 'units', 1, 1 << 20, where);
    return [a.units];
  },
  params(a, inputs) {
    return ((inputs[0] as readonly number[])[0] as number) * a.units + (a.useBias ? a.units : 0);
  },
  macs(a, inputs) {
    return ((inputs[0] as readonly number[])[0] as number) * a.units;
  },
};
