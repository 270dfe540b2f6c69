/**
 * tinyevo's public API: evolutionary neural architecture search for microcontrollers, usable from code as well as
 * from the `tinyevo` command line. The flow, left to right (see README.md):
 * config -> study -> strategy (ask) -> genome -> space.decode -> ArchGraph -> cost check -> estimator -> tell.
 * Runnable examples: `examples/`. Everything exported here is covered by its own module's doc comments.
 * @packageDocumentation
 */

// Errors: one base class, a subclass per module; messages name the value and what is allowed.
export { TinyevoError, ShapeError, SpaceError, SearchError, EngineError, DataError, ConfigError } from './errors.js';
export { Rng } from './util/rng.js';

// The architecture IR: the single currency between spaces, cost models, engine and exporters.
export type { ArchGraph, AnyNode, Node, OpKind, OpDef, AttrsOf, OpAttrsMap, Shape, Padding, ActivationFn } from './arch/types.js';
export { buildGraph, summary, totalMacs, totalParams, nodeCosts, type NodeSpec } from './arch/graph.js';
export { GraphBuilder, type ConvOptions, type DepthwiseOptions, type PoolOptions } from './arch/builder.js';
export { graphToJSON, graphFromJSON, ARCH_SCHEMA_VERSION, type ArchGraphJSON } from './arch/json.js';
export { canonicalHash } from './arch/hash.js';
export type { InvertedResidual } from './arch/zoo/mobilenet-v2.js';
export { zoo, demoCnn, dsCnn, fcAutoencoder, mobileNetV1, mobileNetV2, mobileNetV2Full, resnet8 } from './arch/zoo/index.js';

// Search spaces.
export { spaceCatalog, spaceByName, spaceForData, type AnySpace, type SearchSpace, type Decision, type InitKind, type Issue } from './space/index.js';

// Devices and cost models: pure functions of (ArchGraph, Device, runtime).
export {
  HardwareError, allDevices, findDevice, deviceCatalog, estimateCost, costModel, check, planMemory, runtimes, runtimeIds, fittingDevices, smallestFittingDevice,
  type Device, type Cost, type CostModel, type CostReport, type Limits, type ConstraintReport, type MemoryPlan, type RuntimeId, type RuntimeProfile,
  type DeployGraph, type FlashBreakdown, type LatencyEstimate,
} from './hardware/index.js';
export type { CostOptions } from './hardware/cost.js';
export type { LimitName } from './hardware/constraints.js';
export type { PlanRules, TensorPlacement, ScratchPlacement } from './hardware/memory/plan.js';
export type { LimitCheck as HardwareLimitCheck } from './hardware/index.js';

// Strategies: ask/tell, never train.
export { strategyByName, strategyPresets } from './search/presets.js';
export { Evolution, defaultEvolutionOptions, type EvolutionOptions } from './search/evolution.js';
export { RandomSearch } from './search/random-search.js';
export { Nsga2, type Nsga2Options, type Nsga2Member } from './search/nsga2/index.js';
export { Reinforce, type ReinforceOptions } from './search/reinforce.js';
export { Scalarised, type ScalarisedOptions } from './search/scalarised.js';
export { tournament, topK, roulette, uniform } from './search/selection/index.js';
export { aging, elitism, discardWorst, worstOfOldest } from './search/survival/index.js';
export type { Proposal, Told, Strategy, Scored, Direction, Select, Survive } from './search/types.js';

// Estimators (training) and datasets.
export { TrainingEstimator, type TrainingEstimatorOptions } from './estimate/training.js';
export { Int8FitnessEstimator, type Int8FitnessOptions } from './estimate/int8.js';
export { Supernet, elasticSpace, inheritedSlice, ELASTIC_SPACES, type ElasticSpace, type SupernetTrainOptions, type SupernetHooks } from './estimate/oneshot/supernet.js';
export { OneShotEstimator, type OneShotOptions } from './estimate/oneshot/estimator.js';
export { Dnas, type DnasOptions, type DnasResult, type DnasStep, type DnasLimits } from './search/differentiable/dnas.js';
export { ExpectedCost, ExpectedPeak, deviceCostTerms, type DeviceCostTerms } from './search/differentiable/expected-cost.js';
export { FixedProposals } from './search/fixed.js';
export type { Estimator, Estimate, Fidelity } from './estimate/types.js';
export { loadBundledMnist } from './data/mnist.js';
export { loadDataset, datasetSpecs } from './data/registry.js';
export type { Dataset, Split, SplitFractions } from './data/dataset.js';
export type { WeightTensor } from './engine/weights.js';

// The search: its configuration, the runner loop, the device check, studies and their storage.
export { searchConfigSchema, parseSearchConfig, type SearchConfig, type SearchConfigInput } from './study/config.js';
export { runSearch, NoFeasibleCandidateError, type RunnerOptions, type RunResult, type RemoteEvaluator } from './study/runner.js';
export { replayStudy, type Replayed, type OpenBatch } from './study/replay.js';
export { QueueEvaluator, type QueueEvaluatorOptions } from './study/queue.js';
export { runWorker, workerIdOf, releaseStopped, type WorkerOptions, type WorkerSummary } from './study/worker.js';
export { InlineHeartbeat, ThreadHeartbeat, type Heartbeat } from './study/heartbeat.js';
export { describeCandidate, trainCandidate, type Candidate, type TrainSetup } from './study/trial.js';
export { trialsCsv } from './study/csv.js';
export { deviceCheck } from './study/device-check.js';
export type { TrialRecord, TrialState, ConstraintCheck, LimitCheck } from './study/types.js';
export { openStudy, studyHooks, type OpenedStudy } from './study/study.js';
export { SqliteStorage, DEFAULT_STORAGE_PATH, type SqliteStorageOptions } from './study/storage/sqlite.js';
export { MemoryStorage } from './study/storage/memory.js';
export { PostgresStorage, type PostgresStorageOptions } from './study/storage/postgres.js';
export { openStorage, isPostgresUrl } from './study/storage/open.js';
export type { Storage, QueueStorage, StudyRow, StudyStatus, TrialRow, StudySpec, StoredProposal, StoredTrialState, TrialFilter } from './study/storage/types.js';

// int8 quantization and the integer reference interpreter.
export { quantizeGraph, runQuantModel, int8Accuracy, QuantizeError, type QuantModel, type QOp, type QTensor, type PtqOptions, type QuantizedGraph, type CalibrationOptions, type TensorValue } from './quantize/index.js';
export type { RoundingMode } from './quantize/fixed-point.js';

// Reports of stored studies.
export { writeReport, buildReport, paretoFront2, ReadOnlyStudyStore, type ReportResult, type TradeoffPoint, type StudySummary, type BestModel } from './report/index.js';
