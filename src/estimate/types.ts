import type { ArchGraph } from '../arch/types.js';
import type { WeightTensor } from '../engine/weights.js';

/** How much training an estimate spends: epochs, the fraction of the training split used, and the batch size. */
export interface Fidelity {
  readonly epochs: number;
  readonly trainFraction: number;
  readonly batchSize: number;
}

/** What an estimator returns: validation accuracy, the per-epoch learning curve, the seconds spent, and weights. */
export interface Estimate {
  readonly accuracy: number;
  readonly fidelity: Fidelity;
  /** Validation accuracy after each epoch. */
  readonly curve: readonly number[];
  readonly seconds: number;
  /** The trained weights (shared layout), for inheritance, export and the final model. */
  readonly weights: readonly WeightTensor[];
  /**
   * Set when learning-curve extrapolation stopped training early: the epochs actually trained. `accuracy` is then
   * the extrapolated final accuracy (the curve's last value is the last measured one).
   */
  readonly stoppedAtEpoch?: number;
  /** With int8 fitness: the float validation accuracy beside `accuracy`, which is then the int8 accuracy. */
  readonly floatAccuracy?: number;
}

/** A performance-estimation strategy: trains (or otherwise scores) a candidate at a fidelity. The only trainer besides differentiable search. */
export interface Estimator {
  readonly name: string;
  /**
   * `start`: weights to begin from (weight inheritance from a parent); weights whose name or shape the graph lacks
   * are skipped, the rest of the graph starts from its seeded initialisation.
   */
  estimate(graph: ArchGraph, fidelity: Fidelity, signal?: AbortSignal, start?: readonly WeightTensor[]): Promise<Estimate>;
}
