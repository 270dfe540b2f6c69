import { z } from 'zod';
import { EngineError } from '../errors.js';
import { formatZodError } from '../util/zod-error.js';

const positiveInt = z.number().int().positive();

/** The schema of training options; defaults are filled here and nowhere else. */
export const fitOptionsSchema = z.object({
  /** Passes over the training split; ignored when `steps` is set. */
  epochs: positiveInt.default(5),
  /** Total optimizer steps; overrides `epochs` when set. */
  steps: positiveInt.optional(),
  batchSize: positiveInt.default(64),
  optimizer: z.enum(['sgd', 'adam']).default('adam'),
  learningRate: z.number().positive().default(0.002),
  momentum: z.number().min(0).max(0.9999).default(0.9),
  nesterov: z.boolean().default(true),
  weightDecay: z.number().min(0).default(0),
  schedule: z.enum(['constant', 'cosine', 'step']).default('cosine'),
  /** For the step schedule: decay every this many epochs, by `stepGamma`. */
  stepEveryEpochs: z.number().positive().default(1),
  stepGamma: z.number().positive().max(1).default(0.5),
  warmupSteps: z.number().int().min(0).default(0),
  /** Seeds shuffling (and nothing else: weights are seeded when the model is built). */
  seed: z.number().int().default(0),
  /** Evaluate on the validation split after each epoch. */
  evaluateEachEpoch: z.boolean().default(true),
}).strict();

/** Training options as a user writes them (every field optional). */
export type FitOptionsInput = z.input<typeof fitOptionsSchema>;
/** Training options with every default filled in. */
export type FitOptions = z.output<typeof fitOptionsSchema>;

/** Parses and fills training options; throws EngineError naming each bad field, its value and the rule. */
export function parseFitOptions(input: FitOptionsInput = {}): FitOptions {
  const r = fitOptionsSchema.safeParse(input);
  if (!r.success) throw new EngineError(formatZodError('fit options', r.error, input));
  return r.data;
}
