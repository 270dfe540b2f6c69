import { loadDataset } from '../data/registry.js';
import type { Dataset } from '../data/dataset.js';
import { useEngine, type Engine } from '../engine/engine.js';
import { Int8FitnessEstimator } from '../estimate/int8.js';
import { TrainingEstimator } from '../estimate/training.js';
import { ReducedEstimator } from '../estimate/reduced.js';
import type { Estimator } from '../estimate/types.js';
import { spaceForData, type AnySpace } from '../space/index.js';
import type { SearchConfig } from '../study/config.js';
import { deviceCheck } from '../study/device-check.js';
import type { ConstraintCheck } from '../study/types.js';
import type { ArchGraph } from '../arch/types.js';

/** What evaluating candidates of a search config needs; the search process and every worker build the same. */
export interface EvaluationSetup {
  /** The engine's description for logs, e.g. "native (oneDNN 2.6.3, 2 threads)". */
  readonly backend: string;
  readonly engine: Engine;
  readonly data: Dataset;
  readonly space: AnySpace;
  readonly estimator: Estimator;
  readonly check: (g: ArchGraph) => ConstraintCheck;
}

/** Loads the data, backend, space, estimator and cost check a config names. */
export async function evaluationSetup(config: SearchConfig, onFallback?: (message: string) => void): Promise<EvaluationSetup> {
  const engine = await useEngine(config.engine, { ...(config.threads !== undefined && { threads: config.threads }), ...(onFallback && { onFallback }) });
  const backend = engine.description;
  const data = loadDataset(config.dataset);
  const space = spaceForData(config.space, data.inputShape, data.numClasses, { ...(config.spaceWidth !== undefined && { width: config.spaceWidth }) });
  const options = { learningRate: config.learningRate, seed: config.seed, createModel: engine.createModel, ...(config.earlyStopping && { earlyStopping: { minEpochs: 3, z: 1.5 } }) };
  const { widthMultiplier, inputScale } = config.fidelity;
  // A reduced proxy (narrower, smaller inputs) trains a stand-in for each candidate; its weights are not kept.
  const reduced = widthMultiplier < 1 || inputScale < 1 ? new ReducedEstimator(data, { widthMultiplier, inputScale }, options) : null;
  const training = new TrainingEstimator(data, options);
  const estimator = reduced ?? (config.int8Fitness ? new Int8FitnessEstimator(training, data) : training);
  return { backend, engine, data, space, estimator, check: deviceCheck(config.device, config.limits, config.runtime) };
}
