import * as tf from '@tensorflow/tfjs-core';
import type { LayerImpl } from './types.js';

/** flatten: [N, H, W, C] -> [N, H*W*C] in row-major (H, W, C) order. */
export const flattenLayer: LayerImpl<'flatten'> = {
  kind: 'flatten',
  weights: () => [],
  apply: (_node, inputs) => tf.reshape(inputs[0] as tf.Tensor, [(inputs[0] as tf.Tensor).shape[0] as number, -1]),
};

/** input: the batch itself. */
export const inputLayer: LayerImpl<'input'> = {
  kind: 'input',
  weights: () => [],
  apply: (_node, inputs) => inputs[0] as tf.Tensor,
};
