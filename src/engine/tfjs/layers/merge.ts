import * as tf from '@tensorflow/tfjs-core';
import type { LayerImpl } from './types.js';

/** add: elementwise sum of all inputs. */
export const addLayer: LayerImpl<'add'> = {
  kind: 'add',
  weights: () => [],
  apply: (_node, inputs) => (inputs.length === 2 ? tf.add(inputs[0] as tf.Tensor, inputs[1] as tf.Tensor) : tf.addN(inputs as tf.Tensor[])),
};

/** concat: along the channel (last) axis. */
export const concatLayer: LayerImpl<'concat'> = {
  kind: 'concat',
  weights: () => [],
  apply: (_node, inputs) => tf.concat(inputs as tf.Tensor[], -1),
};
