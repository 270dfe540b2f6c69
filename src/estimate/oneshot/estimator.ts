import type { ArchGraph } from '../../arch/types.js';
import { headOf, type Dataset } from '../../data/dataset.js';
import type { Estimate, Estimator, Fidelity } from '../types.js';
import type { Supernet } from './supernet.js';

/** Options of the one-shot estimator: how many training batches re-calibrate batch norm, and how many validation samples score. */
export interface OneShotOptions {
  readonly calibrationBatches: number;
  readonly calibrationBatchSize: number;
  readonly validationSamples: number;
  readonly seed: number;
  /** Score on the native (oneDNN) engine instead of TF.js: the same re-calibration and accuracy, faster. */
  readonly native?: boolean;
}

/**
 * Scores a sub-network of a trained supernet without training it (one-shot weight sharing): its weights are sliced
 * from the supernet, its batch-norm statistics re-calibrated on a few training batches, and its accuracy measured
 * on the first `validationSamples` validation samples. The estimate's weights are the inherited ones, so the runner
 * can export the winner or fine-tune it. `fidelity` is recorded, not used: there is no training.
 */
export class OneShotEstimator implements Estimator {
  readonly name = 'one-shot';

  constructor(private readonly supernet: Supernet<unknown>, private readonly data: Dataset, private readonly options: OneShotOptions) {}

  async estimate(graph: ArchGraph, fidelity: Fidelity): Promise<Estimate> {
    const t0 = performance.now();
    const size = this.data.inputShape.reduce((p, d) => p * d, 1);
    const o = this.options;
    const validation = headOf(this.data.validation, size, Math.min(this.data.validation.n, o.validationSamples));
    if (o.native) {
      const { accuracy, weights } = this.supernet.scoreNative(graph, this.data.train, o.calibrationBatches, o.calibrationBatchSize, o.seed, validation);
      return { accuracy, fidelity, curve: [accuracy], seconds: (performance.now() - t0) / 1000, weights };
    }
    const stats = this.supernet.calibrate(graph, this.data.train, o.calibrationBatches, o.calibrationBatchSize, o.seed);
    const accuracy = this.supernet.accuracy(graph, stats, validation);
    const weights = this.supernet.extract(graph, stats);
    return { accuracy, fidelity, curve: [accuracy], seconds: (performance.now() - t0) / 1000, weights };
  }
}
