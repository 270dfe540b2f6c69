import * as tf from '@tensorflow/tfjs-core';
import { activationGradKernelName, activationKernelName, fusedActivations, type FusedActivation } from '../../wasm-kernels/activation.js';
import { simdKernels } from '../../wasm-kernels/simd/index.js';
import type { LayerImpl } from './types.js';

/** relu, relu6 or hard-swish as tinyevo's single wasm kernels, forward and backward (see wasm-kernels/activation). */
function fused(x: tf.Tensor, fn: FusedActivation): tf.Tensor {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xi, save] = args as [tf.Tensor, tf.GradSaveFunc];
    save([xi]);
    return {
      value: tf.engine().runKernel(activationKernelName, { x: xi }, { fn }) as tf.Tensor,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.engine().runKernel(activationGradKernelName, { dy, x: saved[0] as tf.Tensor }, { fn }) as tf.Tensor,
    };
  });
  return op(x);
}

/** Elementwise activations; hard-swish is x * relu6(x + 3) / 6 (Howard et al. 2019). */
export const activationLayer: LayerImpl<'activation'> = {
  kind: 'activation',
  weights: () => [],
  apply(node, inputs) {
    const x = inputs[0] as tf.Tensor;
    const fn = node.attrs.fn;
    if (fn in fusedActivations && x.dtype === 'float32' && tf.getBackend() === 'wasm' && simdKernels(tf.backend())) return fused(x, fn as FusedActivation);
    switch (node.attrs.fn) {
      case 'relu': return tf.relu(x);
      case 'relu6': return tf.relu6(x);
      case 'sigmoid': return tf.sigmoid(x);
      case 'softmax': return tf.softmax(x);
      case 'hardSwish': return tf.mul(x, tf.div(tf.relu6(tf.add(x, 3)), 6));
    }
  },
};
