import { z } from 'zod';
import { ConfigError } from '../errors.js';
import { formatZodError } from '../util/zod-error.js';
import { datasetSpecs, isDatasetSpec } from '../data/registry.js';

const positive = z.number().positive();

/** The schema of a search configuration (file or flags); defaults are the built-in default search. */
export const searchConfigSchema = z.object({
  /** mnist (bundled), fashion-mnist (Debian's package), cifar10:DIR, idx:DIR or kws:DIR (see src/data/registry.ts). */
  dataset: z.string().refine(isDatasetSpec, { message: `must be one of ${datasetSpecs.join(', ')}` }).default('mnist'),
  space: z.string().default('chain'),
  /** Width multiplier of the mcunet space's channels (MCUNet's per-device knob, 0.1-2; 0.5 when unset). */
  spaceWidth: z.number().min(0.1).max(2).optional(),
  strategy: z.string().default('rea-dedup'),
  seed: z.number().int().min(0).default(0),
  /** The initial population: trivial (smallest networks), random samples, or rich (seeded from known models). */
  init: z.enum(['trivial', 'random', 'rich']).default('rich'),
  /** Seconds of search before the final training of the best candidate. */
  budgetSeconds: positive.default(150),
  maxEvaluations: z.number().int().positive().default(10_000),
  fidelity: z.object({
    epochs: z.number().int().positive().default(2),
    trainFraction: z.number().positive().max(1).default(0.5),
    batchSize: z.number().int().positive().default(64),
    /** Reduced proxies (MnasNet, MCUNet): train each candidate with its filters times this (1 = the network itself). */
    widthMultiplier: z.number().positive().max(1).default(1),
    /** ... and on inputs scaled by this in height and width (1 = the data as it is). */
    inputScale: z.number().positive().max(1).default(1),
  }).strict().default({}),
  finalEpochs: z.number().int().positive().default(8),
  /** Start each child from its parent's trained weights where layers match (weight inheritance). */
  inheritWeights: z.boolean().default(false),
  /** Stop candidates whose extrapolated learning curve cannot beat the best so far (needs fidelity.epochs >= 4). */
  earlyStopping: z.boolean().default(false),
  /** Score each candidate by its int8 accuracy (post-training quantized, integer reference interpreter). */
  int8Fitness: z.boolean().default(false),
  learningRate: positive.default(0.003),
  /** The target MCU (see `tinyevo devices`) and the runtime whose memory and speed behaviour the cost models use. */
  device: z.string().default('nrf52840'),
  runtime: z.enum(['tflm-ref', 'tflm-cmsis', 'tinyevo-c']).default('tflm-cmsis'),
  /** Limits checked before training; SRAM and flash default to the device's own sizes when unset. */
  limits: z.object({
    sramBytes: positive.optional(),
    flashBytes: positive.optional(),
    latencyMs: positive.optional(),
    energyUj: positive.optional(),
    macs: positive.optional(),
  }).strict().default({ sramBytes: 64 * 1024, flashBytes: 128 * 1024, macs: 2_000_000 }),
  maxRejections: z.number().int().positive().default(500),
  /**
   * Differentiable search (`--strategy dnas`, MCUNet space): `epochs` of alternating weight steps (first half of the
   * training split) and architecture steps (second half), architecture steps after `warmupEpochs`, hinge penalties on
   * expected SRAM, flash and latency over the limits with a strength ramping to `strength`.
   */
  dnas: z.object({
    epochs: z.number().int().positive().default(3),
    warmupEpochs: z.number().int().min(0).default(1),
    trainFraction: z.number().positive().max(1).default(0.5),
    archLearningRate: positive.default(0.05),
    strength: z.number().min(0).default(5),
  }).strict().default({}),
  /**
   * The supernet of `--strategy mcunet-oneshot`: trained for `epochs` on `trainFraction` of the training split with
   * the sandwich rule (largest, smallest and `randomPerStep` random sub-networks per step; with `distill`, all but
   * the largest learn the largest's predictions); each candidate is then scored by its inherited accuracy after
   * re-calibrating batch norm on `calibrationBatches` batches, on `validationSamples` validation samples.
   */
  oneShot: z.object({
    epochs: z.number().int().positive().default(3),
    trainFraction: z.number().positive().max(1).default(0.5),
    randomPerStep: z.number().int().min(0).max(8).default(1),
    distill: z.boolean().default(false),
    calibrationBatches: z.number().int().positive().default(4),
    validationSamples: z.number().int().positive().default(1000),
  }).strict().default({}),
  /**
   * Candidates proposed together and trained in parallel (by workers) before the strategy hears their results, in
   * trial order. 1 = the sequential loop. The same seed and batch give the same search with any number of workers.
   */
  batch: z.number().int().positive().max(256).default(1),
  /** The engine that trains candidates: 'auto' takes the native (oneDNN) engine when built, else TF.js wasm. */
  engine: z.enum(['auto', 'native', 'wasm', 'cpu', 'tensorflow']).default('auto'),
  /** Threads of the native engine for one training job; default every core (local workers split them). */
  threads: z.number().int().positive().optional(),
}).strict();

/** A search configuration as written (fields optional). */
export type SearchConfigInput = z.input<typeof searchConfigSchema>;
/** A search configuration with every default filled. */
export type SearchConfig = z.output<typeof searchConfigSchema>;

/** Validates a configuration; throws ConfigError naming each bad field, its value and the rule. */
export function parseSearchConfig(input: unknown, where = 'search config'): SearchConfig {
  // Configs written before the native engine named the engine `backend`.
  const raw = input !== null && typeof input === 'object' && 'backend' in input && !('engine' in input)
    ? (({ backend, ...rest }: Record<string, unknown>) => ({ ...rest, engine: backend }))(input as Record<string, unknown>) : input;
  const r = searchConfigSchema.safeParse(raw ?? {});
  if (!r.success) throw new ConfigError(formatZodError(where, r.error, input));
  const reduced = r.data.fidelity.widthMultiplier < 1 || r.data.fidelity.inputScale < 1;
  if (reduced && r.data.int8Fitness) {
    throw new ConfigError(`${where}: int8Fitness must be off with a reduced proxy (fidelity.widthMultiplier ${r.data.fidelity.widthMultiplier}, fidelity.inputScale ${r.data.fidelity.inputScale}): a proxy's weights are not the candidate's, so there is nothing to quantize. Use one or the other.`);
  }
  return r.data;
}
