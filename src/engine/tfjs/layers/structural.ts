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

/** identity: the input itself. */
export const identityLayer: LayerImpl<'identity'> = {
  kind: 'identity',
  weights: () => [],
  apply: (_node, inputs) => tf.clone(inputs[0] as tf.Tensor),
};

/** zero: zeros of the input's shape (no gradient flows back). */
export const zeroLayer: LayerImpl<'zero'> = {
  kind: 'zero',
  weights: () => [],
  apply: (_node, inputs) => tf.zerosLike(inputs[0] as tf.Tensor),
};

/** zeroPad: constant zero padding of height and width. */
export const zeroPadLayer: LayerImpl<'zeroPad'> = {
  kind: 'zeroPad',
  weights: () => [],
  apply: (node, inputs) => tf.pad(inputs[0] as tf.Tensor, [[0, 0], [node.attrs.top, node.attrs.bottom], [node.attrs.left, node.attrs.right], [0, 0]]),
};
