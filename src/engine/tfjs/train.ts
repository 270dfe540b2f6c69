import * as tf from '@tensorflow/tfjs-core';
import './setup.js';
import type { Split } from '../../data/dataset.js';
import { EngineError } from '../../errors.js';
import { Rng } from '../../util/rng.js';
import { parseFitOptions, type FitOptions, type FitOptionsInput } from '../fit-options.js';
import { learningRateAt, type Schedule } from '../schedule.js';
import type { TfModel } from './model.js';
import { Optimizer } from './optimizer.js';

/** One finished epoch (or the last partial epoch when training by steps). */
export interface EpochRecord {
  readonly epoch: number;
  readonly steps: number;
  /** Mean training loss over the epoch's steps. */
  readonly loss: number;
  /** Validation accuracy in [0, 1], when a validation split was given and evaluateEachEpoch is on. */
  readonly valAccuracy: number | null;
  readonly seconds: number;
}

/** The outcome of `fit`: the per-epoch history (the learning curve) and the cost. */
export interface FitResult {
  readonly history: readonly EpochRecord[];
  readonly steps: number;
  readonly seconds: number;
}

/** Data for `fit`: a training split, and optionally a validation split evaluated after each epoch. */
export interface FitData { readonly train: Split; readonly validation?: Split; readonly numClasses: number }

/** Progress reporting and cancellation for `fit`. */
export interface FitHooks {
  readonly onEpoch?: (record: EpochRecord, totalEpochs: number) => void;
  readonly onStep?: (step: number, totalSteps: number) => void;
  readonly signal?: AbortSignal;
  /** Called after each epoch with the history so far; returning true ends training there (early stopping). */
  readonly stopAfterEpoch?: (history: readonly EpochRecord[], totalEpochs: number) => boolean;
}

const sampleSize = (model: TfModel) => model.graph.inputShape.reduce((p, d) => p * d, 1);

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

function checkSplit(split: Split, model: TfModel, where: string): void {
  const size = sampleSize(model);
  if (split.n < 1 || split.x.length !== split.n * size || split.y.length !== split.n) {
    throw new EngineError(`${where}: split must hold n samples of [${model.graph.inputShape.join(', ')}] (${size} values each); got n=${split.n}, ${split.x.length} feature values, ${split.y.length} labels.`);
  }
}

function scheduleOf(o: FitOptions, stepsPerEpoch: number): Schedule {
  if (o.schedule === 'step') return { kind: 'step', everySteps: Math.max(1, Math.round(o.stepEveryEpochs * stepsPerEpoch)), gamma: o.stepGamma };
  return o.schedule === 'cosine' ? { kind: 'cosine' } : { kind: 'constant' };
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
  checkSplit(data.train, model, 'fit train');
  if (data.validation) checkSplit(data.validation, model, 'fit validation');
  const batch = Math.min(o.batchSize, data.train.n);
  const stepsPerEpoch = Math.floor(data.train.n / batch);
  const totalSteps = o.steps ?? o.epochs * stepsPerEpoch;
  const totalEpochs = Math.ceil(totalSteps / stepsPerEpoch);
  const schedule = scheduleOf(o, stepsPerEpoch);
  const rng = new Rng(o.seed);
  const opt = optimizerOf(o);
  const vars = model.trainableVariables();
  const history: EpochRecord[] = [];
  const t0 = performance.now();
  let step = 0;
  try {
    for (let epoch = 1; step < totalSteps; epoch++) {
      const te = performance.now();
      const order = rng.permutation(data.train.n);
      let lossSum = 0;
      let n = 0;
      for (let b = 0; b < stepsPerEpoch && step < totalSteps; b++, step++) {
        if (hooks.signal?.aborted) throw new EngineError(`fit: training was aborted at step ${step} of ${totalSteps}.`);
        const { x, y } = batchTensors(data.train, order, b * batch, (b + 1) * batch, model, data.numClasses);
        try {
          lossSum += trainStep(model, opt, vars, x, y, learningRateAt(o.learningRate, schedule, step, totalSteps, o.warmupSteps));
        } finally {
          tf.dispose([x, y]);
        }
        n++;
        hooks.onStep?.(step + 1, totalSteps);
      }
      const valAccuracy = data.validation && o.evaluateEachEpoch ? evaluate(model, data.validation, { batchSize: 256 }).accuracy : null;
      const record = { epoch, steps: n, loss: lossSum / n, valAccuracy, seconds: (performance.now() - te) / 1000 };
      history.push(record);
      hooks.onEpoch?.(record, totalEpochs);
      if (step < totalSteps && hooks.stopAfterEpoch?.(history, totalEpochs)) break;
    }
  } finally {
    opt.dispose();
  }
  return { history, steps: step, seconds: (performance.now() - t0) / 1000 };
}

/** Accuracy and mean cross-entropy of a model on a split, at inference (moving BN statistics). */
export interface Evaluation { readonly accuracy: number; readonly loss: number; readonly n: number }

/** Evaluates `model` on `split` in batches; frees every tensor it makes. */
export function evaluate(model: TfModel, split: Split, options: { batchSize?: number; numClasses?: number } = {}): Evaluation {
  checkSplit(split, model, 'evaluate');
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
