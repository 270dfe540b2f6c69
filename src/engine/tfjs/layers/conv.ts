import * as tf from '@tensorflow/tfjs-core';
import { EngineError } from '../../../errors.js';
import type { LayerImpl } from './types.js';

const bias = (filters: number, useBias: boolean, fanIn: number) =>
  useBias ? [{ role: 'bias' as const, shape: [filters], init: 'zeros' as const, trainable: true, fanIn, fanOut: filters }] : [];

/** conv2d: tf.conv2d; groups > 1 run as a depthwise conv when groups = channels = filters, else split/concat. */
export const conv2dLayer: LayerImpl<'conv2d'> = {
  kind: 'conv2d',
  weights(node, inputs) {
    const a = node.attrs;
    const cin = (inputs[0] as readonly number[])[2] as number;
    const fanIn = a.kernel[0] * a.kernel[1] * (cin / a.groups);
    return [
      { role: 'kernel', shape: [a.kernel[0], a.kernel[1], cin / a.groups, a.filters], init: 'heNormal', trainable: true, fanIn, fanOut: a.kernel[0] * a.kernel[1] * a.filters },
      ...bias(a.filters, a.useBias, fanIn),
    ];
  },
  apply(node, inputs, w) {
    const a = node.attrs;
    const x = inputs[0] as tf.Tensor4D;
    const kernel = w.kernel as tf.Tensor4D;
    let y: tf.Tensor4D;
    if (a.groups === 1) {
      y = tf.conv2d(x, kernel, [a.strides[0], a.strides[1]], a.padding, 'NHWC', [a.dilation[0], a.dilation[1]]);
    } else if (a.groups === x.shape[3] && a.groups === a.filters) {
      // [kh, kw, 1, C] is the same memory as the depthwise layout [kh, kw, C, 1].
      y = tf.depthwiseConv2d(x, tf.reshape(kernel, [a.kernel[0], a.kernel[1], a.filters, 1]), [a.strides[0], a.strides[1]], a.padding);
    } else {
      const xs = tf.split(x, a.groups, 3);
      const ks = tf.split(kernel, a.groups, 3);
      y = tf.concat(xs.map((xi, i) => tf.conv2d(xi as tf.Tensor4D, ks[i] as tf.Tensor4D, [a.strides[0], a.strides[1]], a.padding, 'NHWC', [a.dilation[0], a.dilation[1]])), 3) as tf.Tensor4D;
    }
    return w.bias ? tf.add(y, w.bias) : y;
  },
};

/** depthwiseConv2d: tf.depthwiseConv2d (on wasm its gradients are tinyevo's own kernels). */
export const depthwiseConv2dLayer: LayerImpl<'depthwiseConv2d'> = {
  kind: 'depthwiseConv2d',
  weights(node, inputs) {
    const a = node.attrs;
    const cin = (inputs[0] as readonly number[])[2] as number;
    const fanIn = a.kernel[0] * a.kernel[1];
    return [
      { role: 'kernel', shape: [a.kernel[0], a.kernel[1], cin, a.depthMultiplier], init: 'heNormal', trainable: true, fanIn, fanOut: fanIn * a.depthMultiplier },
      ...bias(cin * a.depthMultiplier, a.useBias, fanIn),
    ];
  },
  apply(node, inputs, w, ctx) {
    const a = node.attrs;
    if (ctx.training && a.depthMultiplier !== 1 && tf.getBackend() === 'wasm') {
      throw new EngineError(`depthwiseConv2d '${node.id}': depthMultiplier must be 1 to train on the wasm backend; got ${a.depthMultiplier}. Use backend 'cpu' or a 1x1 conv after the depthwise conv.`);
    }
    const y = tf.depthwiseConv2d(inputs[0] as tf.Tensor4D, w.kernel as tf.Tensor4D, [a.strides[0], a.strides[1]], a.padding);
    return w.bias ? tf.add(y, w.bias) : y;
  },
};
