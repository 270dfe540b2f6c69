import * as tf from '@tensorflow/tfjs-core';
import type { ArchGraph } from '../arch/types.js';
import type { Dataset } from '../data/dataset.js';
import { TfModel, type ForwardTransform } from '../engine/tfjs/model.js';
import { fit } from '../engine/tfjs/train.js';
import type { WeightRole, WeightTensor } from '../engine/weights.js';
import { lowerGraph } from '../hardware/lowering/fuse.js';
import { defaultCalibration, observeActivations, type CalibrationOptions } from './calibrate.js';
import { foldBatchNorms } from './fold.js';
import { deployTensorParams } from './ptq.js';

export interface QatOptions {
  readonly epochs: number;
  readonly learningRate: number;
  readonly batchSize: number;
  readonly seed: number;
  /** Training samples that fix the activation ranges before fine-tuning. */
  readonly calibrationSamples: number;
  readonly calibration?: Partial<CalibrationOptions>;
  /** Per-channel conv and depthwise weights, as post-training quantization uses. */
  readonly perChannel?: boolean;
}

export const defaultQat: QatOptions = { epochs: 1, learningRate: 0.0005, batchSize: 64, seed: 1, calibrationSamples: 500 };

type Unary = (x: tf.Tensor) => tf.Tensor;

/** Rounds to the int8 grid in the forward pass; passes the gradient straight through inside the range. */
function fakeQuantActivation(scale: number, zeroPoint: number): Unary {
  const lo = (-128 - zeroPoint) * scale;
  const hi = (127 - zeroPoint) * scale;
  const f = (x: tf.Tensor, save: tf.GradSaveFunc) => {
    save([x]);
    const value = tf.mul(tf.round(tf.div(tf.clipByValue(x, lo, hi), scale)), scale);
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const inside = tf.logicalAnd(tf.greaterEqual(saved[0] as tf.Tensor, lo), tf.lessEqual(saved[0] as tf.Tensor, hi));
      return tf.mul(dy, tf.cast(inside, 'float32'));
    };
    return { value, gradFunc };
  };
  return tf.customGrad(f as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as Unary;
}

/** Symmetric int8 fake quantization of a kernel, one scale per slice left after reducing `axes`; straight-through gradient. */
function fakeQuantKernel(axes: readonly number[]): Unary {
  const f = (w: tf.Tensor) => {
    const maxAbs = tf.maximum(axes.length === w.rank ? tf.max(tf.abs(w)) : tf.max(tf.abs(w), [...axes], true), 1e-8);
    const scale = tf.div(maxAbs, 127);
    const value = tf.mul(tf.clipByValue(tf.round(tf.div(w, scale)), -127, 127), scale);
    return { value, gradFunc: (dy: tf.Tensor) => dy };
  };
  return tf.customGrad(f as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as Unary;
}

function reduceAxesOf(graph: ArchGraph, nodeId: string, perChannel: boolean): number[] {
  const node = graph.nodes.find((n) => n.id === nodeId);
  if (node?.kind === 'conv2d' && perChannel) return [0, 1, 2];
  if (node?.kind === 'depthwiseConv2d' && perChannel) return [0, 1];
  return [0, 1, 2, 3].slice(0, node?.kind === 'dense' ? 2 : 4);
}

function fakeQuantTransform(graph: ArchGraph, params: Map<string, { scale: number; zeroPoint: number }>, perChannel: boolean): ForwardTransform {
  const acts = new Map([...params].map(([id, p]) => [id, fakeQuantActivation(p.scale, p.zeroPoint)]));
  const kernels = new Map<string, Unary>();
  return {
    weight: (nodeId: string, role: WeightRole, w: tf.Tensor) => {
      if (role !== 'kernel') return w;
      if (!kernels.has(nodeId)) kernels.set(nodeId, fakeQuantKernel(reduceAxesOf(graph, nodeId, perChannel)));
      return (kernels.get(nodeId) as Unary)(w);
    },
    output: (nodeId: string, y: tf.Tensor) => acts.get(nodeId)?.(y) ?? y,
  };
}

/**
 * Quantization-aware fine-tuning: folds the batch norms that deployment folds, fixes activation ranges by
 * calibration, then trains with int8 fake quantization of every kernel (per channel) and every deployed activation
 * tensor, gradients passed straight through. Returns the folded graph and its fine-tuned float weights, ready for
 * `quantizeGraph`.
 */
export function quantizationAwareTraining(graph: ArchGraph, weights: readonly WeightTensor[], data: Dataset, options: QatOptions = defaultQat): { graph: ArchGraph; weights: WeightTensor[]; seconds: number } {
  const t0 = performance.now();
  const folded = foldBatchNorms(graph, weights);
  const deploy = lowerGraph(folded.graph);
  const size = data.inputShape.reduce((p, d) => p * d, 1);
  const calib = data.train.x.subarray(0, Math.min(options.calibrationSamples, data.train.n) * size);
  const ranges = observeActivations(folded.graph, folded.weights, calib, new Set(deploy.tensors.map((t) => t.id)), { ...defaultCalibration, ...options.calibration });
  const all = deployTensorParams(deploy, ranges);
  const params = new Map(deploy.tensors.filter((t) => t.producer < 0 || deploy.ops[t.producer]?.node.kind !== 'activation' || (deploy.ops[t.producer]?.node.attrs as { fn?: string }).fn !== 'softmax').map((t) => [t.id, all[t.index] as { scale: number; zeroPoint: number }]));
  const model = new TfModel(folded.graph, options.seed);
  try {
    model.setWeights(folded.weights);
    model.transform = fakeQuantTransform(folded.graph, params, options.perChannel ?? true);
    fit(model, { train: data.train, validation: data.validation, numClasses: data.numClasses },
      { epochs: options.epochs, batchSize: options.batchSize, learningRate: options.learningRate, seed: options.seed, optimizer: 'adam', schedule: 'cosine' });
    model.transform = null;
    return { graph: folded.graph, weights: model.getWeights(), seconds: (performance.now() - t0) / 1000 };
  } finally {
    model.dispose();
  }
}
