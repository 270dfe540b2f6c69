import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { EngineError } from '../errors.js';
import type { WeightTensor } from './weights.js';

const weightsSchema = z.array(z.object({
  name: z.string().regex(/^[^/]+\/(kernel|bias|gamma|beta|movingMean|movingVariance)$/, 'must be <nodeId>/<role>'),
  shape: z.array(z.number().int().positive()),
  values: z.array(z.number()),
}));

/** Writes weights in the shared layout as JSON (name, shape, values as plain numbers). */
export function writeWeightsFile(path: string, weights: readonly WeightTensor[]): void {
  writeFileSync(path, `${JSON.stringify(weights.map((w) => ({ name: w.name, shape: w.shape, values: Array.from(w.values) })))}\n`);
}

/** Reads a weights JSON file written by `writeWeightsFile` (a search's best/weights.json); errors name the entry. */
export function readWeightsFile(path: string): WeightTensor[] {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new EngineError(`weights file ${path}: must be a readable JSON file; got ${(e as Error).message}.`);
  }
  const parsed = weightsSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new EngineError(`weights file ${path}: entry ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'is malformed'}; each entry must be {name: "<node>/<role>", shape: [...], values: [...]}.`);
  }
  return parsed.data.map((w, i) => {
    const n = w.shape.reduce((p, d) => p * d, 1);
    if (n !== w.values.length) throw new EngineError(`weights file ${path}: entry ${i} ('${w.name}') has ${w.values.length} values; its shape [${w.shape.join(', ')}] needs ${n}.`);
    return { name: w.name, shape: w.shape, values: Float32Array.from(w.values) };
  });
}
