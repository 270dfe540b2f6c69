import type { OpDef } from '../types.js';
import { expectHWC, expectPair, spatialOut } from './util.js';

function poolDef<K extends 'maxPool' | 'avgPool'>(kind: K): OpDef<K> {
  return {
    kind,
    arity: { min: 1, max: 1 },
    inferShape(inputs, a, where) {
      const hwc = expectHWC(inputs[0], where);
      expectPair(a.pool, 'pool', 1, 1024, where);
      expectPair(a.strides, 'strides', 1, 1024, where);
      const [oh, ow] = spatialOut(hwc, a.pool, a.strides, a.padding, where);
      return [oh, ow, hwc[2]];
    },
    params: () => 0,
    // A pooling window reads pool[0]*pool[1] values per output; we count those as MACs (CMSIS-NN does the same work).
    macs: (a, _inputs, out) => out.reduce((p, d) => p * d, 1) * a.pool[0] * a.pool[1],
  };
}

/** Max pooling over a spatial window. */
export const maxPool: OpDef<'maxPool'> = poolDef('maxPool');
/** Average pooling over a spatial window (padding excluded from the mean, as TFLite does). */
export const avgPool: OpDef<'avgPool'> = poolDef('avgPool');
