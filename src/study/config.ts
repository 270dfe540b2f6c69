import { z } from 'zod';
import { ConfigError } from '../errors.js';
import { formatZodError } from '../util/zod-error.js';

const positive = z.number().positive();

/** The schema of a search configuration (file or flags); defaults are the built-in default search. */
export const searchConfigSchema = z.object({
  dataset: z.enum(['mnist']).default('mnist'),
  space: z.string().default('chain'),
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
  }).strict().default({}),
  finalEpochs: z.number().int().positive().default(8),
  learningRate: positive.default(0.003),
  limits: z.object({
    maxMacs: positive.optional(),
    maxParams: positive.optional(),
  }).strict().default({ maxMacs: 2_000_000, maxParams: 50_000 }),
  maxRejections: z.number().int().positive().default(500),
  backend: z.enum(['auto', 'wasm', 'cpu', 'tensorflow']).default('auto'),
}).strict();

/** A search configuration as written (fields optional). */
export type SearchConfigInput = z.input<typeof searchConfigSchema>;
/** A search configuration with every default filled. */
export type SearchConfig = z.output<typeof searchConfigSchema>;

/** Validates a configuration; throws ConfigError naming each bad field, its value and the rule. */
export function parseSearchConfig(input: unknown, where = 'search config'): SearchConfig {
  const r = searchConfigSchema.safeParse(input ?? {});
  if (!r.success) throw new ConfigError(formatZodError(where, r.error, input));
  return r.data;
}
