import * as tf from '@tensorflow/tfjs-core';
import './setup.js';
import type { Split } from '../../data/dataset.js';
import { checkSplit, runFit, type Evaluation, type FitData, type FitHooks, type FitResult } from '../fit-loop.js';
import { parseFitOptions, type FitOptions, type FitOptionsInput } from '../fit-options.js';
import type { TfModel } from './model.js';
import { Optimizer } from './optimizer.js';

export type { EpochRecord, Evaluation, FitData, FitHooks, FitResult } from '../fit-loop.js';

/** The samples `indices[from..to)` of a split as a batch: inputs [n, ...inputShape] and one-hot labels. */
export function batchOf(split: Split, inputShape: readonly number[], indices: ArrayLike<number>, from: number, to: number, numClasses: number): { x: tf.Tensor; y: tf.Tensor } {
  const size = inputShape.reduce((p, d) => p * d, 1);
  const n = to - from;
  const xb = new Float32Array(n * size);
  const yb = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const j = indices[from + i] as number;
    xb.set(split.x.subarray(j * size, (j + 1) * size), i * size);
    yb[i] = split.y[j] as number;
  }
  return tf.tidy(() => ({ x: tf.tensor(xb, [n, ...inputShape]), y: tf.oneHot(tf.tensor1d(yb, 'int32'), numClasses) }));
}

function batchTensors(split: Split, indices: ArrayLike<number>, from: number, to: number, model: TfModel, numClasses: number): { x: tf.Tensor; y: tf.Tensor } {
  return batchOf(split, model.graph.inputShape, indices, from, to, numClasses);
}

function optimizerOf(o: FitOptions): Optimizer {
  return new Optimizer(o.optimizer === 'sgd'
    ? { kind: 'sgd', momentum: o.momentum, nesterov: o.nesterov, weightDecay: o.weightDecay }
    : { kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-7, weightDecay: o.weightDecay });
}

/** One optimizer step on one batch; returns the batch loss. Frees every tensor it makes. */
function trainStep(model: TfModel, opt: Optimizer, vars: tf.Variable[], x: tf.Tensor, y: tf.Tensor, lr: number): number {
  const stats = new Map<string, { mean: tf.Tensor; variance: tf.Tensor }>();
  const { value, grads } = tf.variableGrads(() => {
    const logits = model.forward(x, true, (id, mean, variance) => stats.set(id, { mean, variance }));
    return tf.losses.softmaxCrossEntropy(y, logits) as tf.Scalar;
  }, vars);
  opt.apply(vars, grads, lr);
  model.updateMovingStats(stats);
  const loss = value.dataSync()[0] as number;
  value.dispose();
  tf.dispose(grads);
  for (const s of stats.values()) tf.dispose([s.mean, s.variance]);
  return loss;
}

/**
 * Trains `model` with softmax cross-entropy on `data.train` for `epochs` (or `steps`) with the given optimizer and
 * learning-rate schedule; shuffling is seeded by `options.seed`. Every tensor made here is disposed.
 * Throws EngineError for bad options or data, or when `hooks.signal` is aborted.
 */
export function fit(model: TfModel, data: FitData, options: FitOptionsInput = {}, hooks: FitHooks = {}): FitResult {
  const o = parseFitOptions(options);
  const opt = optimizerOf(o);
  const vars = model.trainableVariables();
  return runFit({
    inputShape: model.graph.inputShape,
    trainBatch: (split, order, from, to, lr) => {
      const { x, y } = batchTensors(split, order, from, to, model, data.numClasses);
      try {
        return trainStep(model, opt, vars, x, y, lr);
      } finally {
        tf.dispose([x, y]);
      }
    },
    evaluate: (split) => evaluate(model, split, { batchSize: 256 }),
    finish: () => opt.dispose(),
  }, data, o, hooks);
}

/** Evaluates `model` on `split` in batches; frees every tensor it makes. */
export function evaluate(model: TfModel, split: Split, options: { batchSize?: number; numClasses?: number } = {}): Evaluation {
  checkSplit(split, model.graph.inputShape, 'evaluate');
  const batch = options.batchSize ?? 256;
  const order = Array.from({ length: split.n }, (_, i) => i);
  const classes = options.numClasses ?? (model.graph.nodes.find((n) => n.id === model.logitsNode)?.shape[0] as number);
  let correct = 0;
  let lossSum = 0;
  for (let from = 0; from < split.n; from += batch) {
    const to = Math.min(split.n, from + batch);
    const { x, y } = batchTensors(split, order, from, to, model, classes);
    const [hits, loss] = tf.tidy(() => {
      const l = model.forward(x, false, undefined, true);
      const pred = tf.argMax(l, -1);
      const truth = tf.argMax(y, -1);
      return [tf.sum(tf.cast(tf.equal(pred, truth), 'int32')).dataSync()[0] as number,
        tf.losses.softmaxCrossEntropy(y, l, undefined, undefined, tf.Reduction.SUM).dataSync()[0] as number];
    });
    tf.dispose([x, y]);
    correct += hits;
    lossSum += loss;
  }
  return { accuracy: correct / split.n, loss: lossSum / split.n, n: split.n };
}
