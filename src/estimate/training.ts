import * as tf from '@tensorflow/tfjs-core';
import type { ArchGraph } from '../arch/types.js';
import { headOf, type Dataset } from '../data/dataset.js';
import { tfjsTrainable, type TrainableModel } from '../engine/engine.js';
import type { EpochRecord } from '../engine/fit-loop.js';
import { extrapolateCurve, isHopeless } from './curve-extrapolation.js';
import type { WeightTensor } from '../engine/weights.js';
import { EngineError } from '../errors.js';
import type { Estimate, Estimator, Fidelity } from './types.js';

/** Options of the training estimator: optimizer settings shared by every candidate, and the seed of weights and shuffling. */
export interface TrainingEstimatorOptions {
  readonly learningRate: number;
  readonly seed: number;
  /**
   * Learning-curve early stopping: from epoch `minEpochs` (>= 3) on, a candidate whose extrapolated final accuracy
   * (mean + z std of the curve ensemble) cannot beat the best completed candidate so far stops training.
   */
  readonly earlyStopping?: { readonly minEpochs: number; readonly z: number };
  /** Builds the model to train: the selected engine's factory (`useEngine(...).createModel`); TF.js by default. */
  readonly createModel?: (graph: ArchGraph, seed: number) => TrainableModel;
}

/**
 * Estimates by training: `fidelity.epochs` epochs of Adam with cosine decay on the first `trainFraction` of the
 * (already shuffled) training split, scored on the validation split. Full training is the same at fidelity 1.
 * Every tensor it makes is disposed, also when training fails.
 */
export class TrainingEstimator implements Estimator {
  readonly name = 'training';

  /** The best final accuracy of a candidate trained to its full epochs (the bar early stopping compares against). */
  private best = 0;

  constructor(private readonly data: Dataset, private readonly options: TrainingEstimatorOptions = { learningRate: 0.003, seed: 0 }) {}

  private stopRule(): ((history: readonly EpochRecord[], total: number) => boolean) | undefined {
    const es = this.options.earlyStopping;
    if (!es) return undefined;
    return (history, total) => history.length >= Math.max(3, es.minEpochs) && this.best > 0 && isHopeless(history.map((h) => h.valAccuracy ?? 0), total, this.best, es.z);
  }

  async estimate(graph: ArchGraph, fidelity: Fidelity, signal?: AbortSignal, start?: readonly WeightTensor[]): Promise<Estimate> {
    const size = this.data.inputShape.reduce((p, d) => p * d, 1);
    if (!(fidelity.trainFraction > 0 && fidelity.trainFraction <= 1)) {
      throw new EngineError(`estimate: trainFraction must be in (0, 1]; got ${fidelity.trainFraction}.`);
    }
    const train = headOf(this.data.train, size, Math.max(fidelity.batchSize, Math.round(this.data.train.n * fidelity.trainFraction)));
    const model = (this.options.createModel ?? tfjsTrainable)(graph, this.options.seed);
    try {
      if (start) model.setWeights(start, true);
      const stopAfterEpoch = this.stopRule();
      const r = model.fit({ train, validation: this.data.validation, numClasses: this.data.numClasses },
        { epochs: fidelity.epochs, batchSize: fidelity.batchSize, learningRate: this.options.learningRate, seed: this.options.seed, optimizer: 'adam', schedule: 'cosine' },
        { ...(signal && { signal }), ...(stopAfterEpoch && { stopAfterEpoch }) });
      const curve = r.history.map((h) => h.valAccuracy ?? 0);
      const last = curve.at(-1) ?? 0;
      if (curve.length < fidelity.epochs && this.options.earlyStopping) {
        const predicted = extrapolateCurve(curve, fidelity.epochs).mean;
        return { accuracy: predicted, fidelity, curve, seconds: r.seconds, weights: model.getWeights(), stoppedAtEpoch: curve.length };
      }
      this.best = Math.max(this.best, last);
      return { accuracy: last, fidelity, curve, seconds: r.seconds, weights: model.getWeights() };
    } finally {
      model.dispose();
    }
  }
}

/** The number of live TF.js tensors (for leak checks around estimators). */
export const liveTensors = (): number => tf.memory().numTensors;
