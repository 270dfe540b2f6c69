import type { OpDef } from '../types.js';
import { expectHWC, expectInt } from './util.js';

/** Pads height and width with zeros: [H, W, C] -> [H + top + bottom, W + left + right, C]. */
export const zeroPad: OpDef<'zeroPad'> = {
  kind: 'zeroPad',
  arity: { min: 1, max: 1 },
  inferShape(inputs, a, where) {
    const [h, w, c] = expectHWC(inputs[0], where);
    for (const side of ['top', 'bottom', 'left', 'right'] as const) expectInt(a[side], side, 0, 1024, where);
    return [h + a.top + a.bottom, w + a.left + a.right, c];
  },
  params: () => 0,
  macs: () => 0,
};
