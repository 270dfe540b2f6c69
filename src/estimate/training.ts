import * as tf from '@tensorflow/tfjs-core';
import type { ArchGraph } from '../arch/types.js';
import { headOf, type Dataset } from '../data/dataset.js';
import { TfModel } from '../engine/tfjs/model.js';
import { fit } from '../engine/tfjs/train.js';
import type { WeightTensor } from '../engine/weights.js';
import { EngineError } from '../errors.js';
import type { Estimate, Estimator, Fidelity } from './types.js';

/** Options of the training estimator: optimizer settings shared by every candidate, and the seed of weights and shuffling. */
export interface TrainingEstimatorOptions {
  readonly learningRate: number;
  readonly seed: number;
}

/**
 * Estimates by training: `fidelity.epochs` epochs of Adam with cosine decay on the first `trainFraction` of the
 * (already shuffled) training split, scored on the validation split. Full training is the same at fidelity 1.
 * Every tensor it makes is disposed, also when training fails.
 */
export class TrainingEstimator implements Estimator {
  readonly name = 'training';

  constructor(private readonly data: Dataset, private readonly options: TrainingEstimatorOptions = { learningRate: 0.003, seed: 0 }) {}

  async estimate(graph: ArchGraph, fidelity: Fidelity, signal?: AbortSignal, start?: readonly WeightTensor[]): Promise<Estimate> {
    const size = this.data.inputShape.reduce((p, d) => p * d, 1);
    if (!(fidelity.trainFraction > 0 && fidelity.trainFraction <= 1)) {
      throw new EngineError(`estimate: trainFraction must be in (0, 1]; got ${fidelity.trainFraction}.`);
    }
    const train = headOf(this.data.train, size, Math.max(fidelity.batchSize, Math.round(this.data.train.n * fidelity.trainFraction)));
    const model = new TfModel(graph, this.options.seed);
    try {
      if (start) model.setWeights(start, true);
      const r = fit(model, { train, validation: this.data.validation, numClasses: this.data.numClasses },
        { epochs: fidelity.epochs, batchSize: fidelity.batchSize, learningRate: this.options.learningRate, seed: this.options.seed, optimizer: 'adam', schedule: 'cosine' },
        signal ? { signal } : {});
      const curve = r.history.map((h) => h.valAccuracy ?? 0);
      return { accuracy: curve.at(-1) ?? 0, fidelity, curve, seconds: r.seconds, weights: model.getWeights() };
    } finally {
      model.dispose();
    }
  }
}

/** The number of live TF.js tensors (for leak checks around estimators). */
export const liveTensors = (): number => tf.memory().numTensors;
