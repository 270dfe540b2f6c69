import * as tf from '@tensorflow/tfjs-core';
import type { LayerImpl } from './types.js';

/** Elementwise activations; hard-swish is x * relu6(x + 3) / 6 (Howard et al. 2019). */
export const activationLayer: LayerImpl<'activation'> = {
  kind: 'activation',
  weights: () => [],
  apply(node, inputs) {
    const x = inputs[0] as tf.Tensor;
    switch (node.attrs.fn) {
      case 'relu': return tf.relu(x);
      case 'relu6': return tf.relu6(x);
      case 'sigmoid': return tf.sigmoid(x);
      case 'softmax': return tf.softmax(x);
      case 'hardSwish': return tf.mul(x, tf.div(tf.relu6(tf.add(x, 3)), 6));
    }
  },
};
