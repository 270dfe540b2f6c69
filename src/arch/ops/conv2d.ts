import { ShapeError } from '../../errors.js';
import type { OpDef } from '../types.js';
import { expectHWC, expectInt, expectPair, spatialOut } from './util.js';

/** 2-D convolution, NHWC, weights [kh, kw, inChannels / groups, filters]. */
export const conv2d: OpDef<'conv2d'> = {
  kind: 'conv2d',
  arity: { min: 1, max: 1 },
  inferShape(inputs, a, where) {
    const hwc = expectHWC(inputs[0], where);
    expectInt(a.filters, 'filters', 1, 1 << 16, where);
    expectPair(a.kernel, 'kernel', 1, 64, where);
    expectPair(a.strides, 'strides', 1, 16, where);
    expectPair(a.dilation, 'dilation', 1, 16, where);
    expectInt(a.groups, 'groups', 1, 1 << 16, where);
    if (hwc[2] % a.groups !== 0 || a.filters % a.groups !== 0) {
      throw new ShapeError(`${where}: groups must divide input channels (${hwc[2]}) and filters (${a.filters}); got groups=${a.groups}.`);
    }
    const [oh, ow] = spatialOut(hwc, a.kernel, a.strides, a.padding, where, a.dilation);
    return [oh, ow, a.filters];
  },
  params(a, inputs) {
    const cin = (inputs[0] as readonly number[])[2] as number;
    return a.kernel[0] * a.kernel[1] * (cin / a.groups) * a.filters + (a.useBias ? a.filters : 0);
  },
  macs(a, inputs, out) {
    const cin = (inputs[0] as readonly number[])[2] as number;
    return (out[0] as number) * (out[1] as number) * a.filters * a.kernel[0] * a.kernel[1] * (cin / a.groups);
  },
};
