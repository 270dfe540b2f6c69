import type { ArchGraph } from '../arch/types.js';
import type { Dataset } from '../data/dataset.js';
import type { WeightTensor } from '../engine/weights.js';
import { int8Accuracy } from '../quantize/evaluate.js';
import { quantizeGraph, type PtqOptions } from '../quantize/ptq.js';
import type { Estimate, Estimator, Fidelity } from './types.js';

export interface Int8FitnessOptions {
  /** Training samples used to calibrate activation ranges. */
  readonly calibrationSamples: number;
  /** Validation samples run through the int8 interpreter (the rest are skipped to bound the cost). */
  readonly evaluationSamples: number;
  readonly ptq?: PtqOptions;
}

export const defaultInt8Fitness: Int8FitnessOptions = { calibrationSamples: 200, evaluationSamples: 500 };

/**
 * Quantised-in-the-loop fitness: trains with the inner estimator, quantizes the trained candidate to int8 (post-training,
 * TFLite's scheme) and scores it with the integer reference interpreter, so a search optimises the accuracy that will
 * run on the device. `accuracy` is the int8 accuracy; `floatAccuracy` keeps the float one beside it; the cost
 * includes the quantization and the int8 evaluation.
 */
export class Int8FitnessEstimator implements Estimator {
  readonly name: string;

  constructor(private readonly inner: Estimator, private readonly data: Dataset, private readonly options: Int8FitnessOptions = defaultInt8Fitness) {
    this.name = `${inner.name}+int8`;
  }

  async estimate(graph: ArchGraph, fidelity: Fidelity, signal?: AbortSignal, start?: readonly WeightTensor[]): Promise<Estimate> {
    const e = await this.inner.estimate(graph, fidelity, signal, start);
    const t0 = performance.now();
    const size = this.data.inputShape.reduce((p, d) => p * d, 1);
    const n = Math.min(this.options.calibrationSamples, this.data.train.n);
    const { model } = quantizeGraph(graph, e.weights, this.data.train.x.subarray(0, n * size), this.options.ptq);
    const accuracy = int8Accuracy(model, this.data.validation, this.options.evaluationSamples);
    return { ...e, accuracy, floatAccuracy: e.accuracy, seconds: e.seconds + (performance.now() - t0) / 1000 };
  }
}
