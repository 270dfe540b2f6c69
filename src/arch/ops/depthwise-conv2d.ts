import type { OpDef } from '../types.js';
import { expectHWC, expectInt, expectPair, spatialOut } from './util.js';

/** Depthwise 2-D convolution, NHWC, weights [kh, kw, inChannels, depthMultiplier]. */
export const depthwiseConv2d: OpDef<'depthwiseConv2d'> = {
  kind: 'depthwiseConv2d',
  arity: { min: 1, max: 1 },
  inferShape(inputs, a, where) {
    const hwc = expectHWC(inputs[0], where);
    expectPair(a.kernel, 'kernel', 1, 64, where);
    expectPair(a.strides, 'strides', 1, 16, where);
    expectInt(a.depthMultiplier, 'depthMultiplier', 1, 64, where);
    const [oh, ow] = spatialOut(hwc, a.kernel, a.strides, a.padding, where);
    return [oh, ow, hwc[2] * a.depthMultiplier];
  },
  params(a, inputs) {
    const c = ((inputs[0] as readonly number[])[2] as number) * a.depthMultiplier;
    return a.kernel[0] * a.kernel[1] * c + (a.useBias ? c : 0);
  },
  macs(a, _inputs, out) {
    return (out[0] as number) * (out[1] as number) * (out[2] as number) * a.kernel[0] * a.kernel[1];
  },
};
