import * as tf from '@tensorflow/tfjs-core';
import { batchNormGradKernelName, batchNormKernelsAvailable, batchNormTrainKernelName } from '../../wasm-kernels/batch-norm.js';
import type { LayerImpl } from './types.js';

/**
 * Training-mode batch norm as one custom-gradient op. TF.js' generic gradients of moments + batchNorm broadcast
 * with Tile and reduce several times: measured here they were over half of a MobileNetV2 training step on wasm.
 * The closed form (Ioffe & Szegedy 2015) needs two reductions:
 * dx = gamma * invStd / M * (M * dy - sum(dy) - xhat * sum(dy * xhat)).
 */
/**
 * Sum over every axis but the last (the channel axis). For images it averages each map with a whole-map avgPool
 * (XNNPACK, one streaming pass) and sums the small [N, C] rest: the wasm Sum kernel transposes the whole tensor first
 * and took 477 ms of a 1,851 ms MobileNetV2 step (batch 64) here.
 */
function channelSum(x: tf.Tensor): tf.Tensor {
  if (x.rank !== 4) return tf.sum(x, 0);
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const means = tf.reshape(tf.avgPool(x as tf.Tensor4D, [h, w], [h, w], 'valid'), [n, c]);
  return tf.mul(tf.sum(means, 0), h * w);
}

/** The same op on tinyevo's fused wasm kernels: one pass for the statistics, one for y; two backward. */
function batchNormTrainFused(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, eps: number, record: (mean: tf.Tensor, variance: tf.Tensor) => void): tf.Tensor {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xi, g, b, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const inputs = { x: xi, gamma: g, beta: b };
    const [y, mean, variance, invStd] = tf.engine().runKernel(batchNormTrainKernelName, inputs, { epsilon: eps }) as tf.Tensor[] as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    save([xi, mean, invStd, g]);
    record(tf.keep(mean), tf.keep(variance));
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, mn, inv, gm] = saved as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
        return tf.engine().runKernel(batchNormGradKernelName, { dy, x: xs, mean: mn, invStd: inv, gamma: gm }, {}) as tf.Tensor[];
      },
    };
  });
  return op(x, gamma, beta);
}

function batchNormTrain(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, eps: number, record: (mean: tf.Tensor, variance: tf.Tensor) => void): tf.Tensor {
  if (tf.getBackend() === 'wasm' && batchNormKernelsAvailable(tf.backend())) return batchNormTrainFused(x, gamma, beta, eps, record);
  const count = x.size / (x.shape[x.shape.length - 1] as number);
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xi, g, b, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    const mean = tf.div(channelSum(xi), count);
    const centered = tf.sub(xi, mean);
    const variance = tf.div(channelSum(tf.square(centered)), count);
    const invStd = tf.rsqrt(tf.add(variance, eps));
    const xhat = tf.mul(centered, invStd);
    save([xhat, invStd, g]);
    record(tf.keep(mean), tf.keep(variance));
    return {
      value: tf.add(tf.mul(xhat, g), b),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xh, inv, gm] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
        const dbeta = channelSum(dy);
        const dgamma = channelSum(tf.mul(dy, xh));
        const inner = tf.sub(tf.sub(tf.mul(dy, count), dbeta), tf.mul(xh, dgamma));
        return [tf.mul(inner, tf.div(tf.mul(gm, inv), count)), dgamma, dbeta];
      },
    };
  });
  return op(x, gamma, beta);
}

/**
 * batchNorm: batch statistics while training (reported to the model, which folds them into the moving averages
 * after the step, outside the gradient tape), moving statistics at inference.
 */
export const batchNormLayer: LayerImpl<'batchNorm'> = {
  kind: 'batchNorm',
  weights(node) {
    const c = node.shape[node.shape.length - 1] as number;
    const spec = (role: 'gamma' | 'beta' | 'movingMean' | 'movingVariance', init: 'ones' | 'zeros', trainable: boolean) =>
      ({ role, shape: [c], init, trainable, fanIn: 1, fanOut: 1 });
    return [spec('gamma', 'ones', true), spec('beta', 'zeros', true), spec('movingMean', 'zeros', false), spec('movingVariance', 'ones', false)];
  },
  apply(node, inputs, w, ctx) {
    const x = inputs[0] as tf.Tensor;
    const eps = node.attrs.epsilon;
    if (!ctx.training) {
      return tf.batchNorm(x, w.movingMean as tf.Tensor1D, w.movingVariance as tf.Tensor1D, w.beta as tf.Tensor1D, w.gamma as tf.Tensor1D, eps);
    }
    return batchNormTrain(x, w.gamma as tf.Tensor, w.beta as tf.Tensor, eps, (mean, variance) => ctx.recordBatchStats(node.id, mean, variance));
  },
};
