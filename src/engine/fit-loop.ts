import type { Split } from '../data/dataset.js';
import { EngineError } from '../errors.js';
import { Rng } from '../util/rng.js';
import { parseFitOptions, type FitOptions, type FitOptionsInput } from './fit-options.js';
import { learningRateAt, type Schedule } from './schedule.js';

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

/** Accuracy and mean cross-entropy of a model on a split, at inference (moving BN statistics). */
export interface Evaluation { readonly accuracy: number; readonly loss: number; readonly n: number }

/** What an engine supplies to the shared training loop: one optimizer step on a batch, and evaluation. */
export interface BatchTrainer {
  /** The per-sample input shape (without the batch axis). */
  readonly inputShape: readonly number[];
  /** One optimizer step on the samples `order[from..to)` of `split` with learning rate `lr`; returns the batch loss. */
  trainBatch(split: Split, order: ArrayLike<number>, from: number, to: number, lr: number): number;
  evaluate(split: Split): Evaluation;
  /** Frees what the trainer holds (optimizer state), also after a failure. */
  finish(): void;
}

/** Checks that a split holds n samples of `inputShape`; throws EngineError naming both. */
export function checkSplit(split: Split, inputShape: readonly number[], where: string): void {
  const size = inputShape.reduce((p, d) => p * d, 1);
  if (split.n < 1 || split.x.length !== split.n * size || split.y.length !== split.n) {
    throw new EngineError(`${where}: split must hold n samples of [${inputShape.join(', ')}] (${size} values each); got n=${split.n}, ${split.x.length} feature values, ${split.y.length} labels.`);
  }
}

function scheduleOf(o: FitOptions, stepsPerEpoch: number): Schedule {
  if (o.schedule === 'step') return { kind: 'step', everySteps: Math.max(1, Math.round(o.stepEveryEpochs * stepsPerEpoch)), gamma: o.stepGamma };
  return o.schedule === 'cosine' ? { kind: 'cosine' } : { kind: 'constant' };
}

/**
 * The training loop every engine shares, so the same options and seed give the same batches, learning rates and
 * history whichever engine runs the steps: `epochs` (or `steps`) over full batches of a seeded permutation of the
 * training split, the learning-rate schedule, validation after each epoch, hooks and early stopping.
 * Throws EngineError for bad options or data, or when `hooks.signal` is aborted.
 */
export function runFit(trainer: BatchTrainer, data: FitData, options: FitOptionsInput | FitOptions, hooks: FitHooks = {}): FitResult {
  const o = parseFitOptions(options);
  try {
    checkSplit(data.train, trainer.inputShape, 'fit train');
    if (data.validation) checkSplit(data.validation, trainer.inputShape, 'fit validation');
    const batch = Math.min(o.batchSize, data.train.n);
    const stepsPerEpoch = Math.floor(data.train.n / batch);
    const totalSteps = o.steps ?? o.epochs * stepsPerEpoch;
    const totalEpochs = Math.ceil(totalSteps / stepsPerEpoch);
    const schedule = scheduleOf(o, stepsPerEpoch);
    const rng = new Rng(o.seed);
    const history: EpochRecord[] = [];
    const t0 = performance.now();
    let step = 0;
    for (let epoch = 1; step < totalSteps; epoch++) {
      const te = performance.now();
      const order = rng.permutation(data.train.n);
      let lossSum = 0;
      let n = 0;
      for (let b = 0; b < stepsPerEpoch && step < totalSteps; b++, step++) {
        if (hooks.signal?.aborted) throw new EngineError(`fit: training was aborted at step ${step} of ${totalSteps}.`);
        lossSum += trainer.trainBatch(data.train, order, b * batch, (b + 1) * batch, learningRateAt(o.learningRate, schedule, step, totalSteps, o.warmupSteps));
        n++;
        hooks.onStep?.(step + 1, totalSteps);
      }
      const valAccuracy = data.validation && o.evaluateEachEpoch ? trainer.evaluate(data.validation).accuracy : null;
      const record = { epoch, steps: n, loss: lossSum / n, valAccuracy, seconds: (performance.now() - te) / 1000 };
      history.push(record);
      hooks.onEpoch?.(record, totalEpochs);
      if (step < totalSteps && hooks.stopAfterEpoch?.(history, totalEpochs)) break;
    }
    return { history, steps: step, seconds: (performance.now() - t0) / 1000 };
  } finally {
    trainer.finish();
  }
}
