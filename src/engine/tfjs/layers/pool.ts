import * as tf from '@tensorflow/tfjs-core';
import type { LayerImpl } from './types.js';

/** maxPool over a window. */
export const maxPoolLayer: LayerImpl<'maxPool'> = {
  kind: 'maxPool',
  weights: () => [],
  apply: (node, inputs) => tf.maxPool(inputs[0] as tf.Tensor4D, [node.attrs.pool[0], node.attrs.pool[1]], [node.attrs.strides[0], node.attrs.strides[1]], node.attrs.padding),
};

/** avgPool over a window. */
export const avgPoolLayer: LayerImpl<'avgPool'> = {
  kind: 'avgPool',
  weights: () => [],
  apply: (node, inputs) => tf.avgPool(inputs[0] as tf.Tensor4D, [node.attrs.pool[0], node.attrs.pool[1]], [node.attrs.strides[0], node.attrs.strides[1]], node.attrs.padding),
};

/** globalAvgPool: mean over height and width. */
export const globalAvgPoolLayer: LayerImpl<'globalAvgPool'> = {
  kind: 'globalAvgPool',
  weights: () => [],
  apply: (_node, inputs) => tf.mean(inputs[0] as tf.Tensor, [1, 2]),
};
