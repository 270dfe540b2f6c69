import type { OpDef } from '../types.js';
import { expectHWC } from './util.js';

/** Mean over height and width: [H, W, C] -> [C]. */
export const globalAvgPool: OpDef<'globalAvgPool'> = {
  kind: 'globalAvgPool',
  arity: { min: 1, max: 1 },
  inferShape(inputs, _a, where) {
    const hwc = expectHWC(inputs[0], where);
    return [hwc[2]];
  },
  params: () => 0,
  macs: (_a, inputs) => (inputs[0] as readonly number[]).reduce((p, d) => p * d, 1),
};
