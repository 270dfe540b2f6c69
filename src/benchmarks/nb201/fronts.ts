import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../errors.js';

/** One exact 2-objective front of nb201_pareto_fronts.json: (accuracy %, cost) points, reference point and hypervolume. */
export interface ExactFront {
  readonly key: string;
  readonly indices: readonly number[];
  readonly points: readonly (readonly [number, number])[];
  /** [accuracy, cost]: accuracy 0 and the worst cost in the space. */
  readonly ref: readonly [number, number];
  readonly hypervolume: number;
}

interface FrontsFile { readonly fronts: { readonly [key: string]: { front_indices: number[]; points: [number, number][]; hypervolume_ref: [number, number]; hypervolume: number } } }

/** The exact front called `key` (e.g. 'max c10_valid / min flops_c10'); throws ConfigError listing the keys in the file. */
export function loadExactFront(dir: string, key: string): ExactFront {
  const path = join(dir, 'nb201_pareto_fronts.json');
  if (!existsSync(path)) throw new ConfigError(`nb201: fronts file must exist; got no file at ${path}. Pass --data with the folder holding nb201_pareto_fronts.json.`);
  const file = JSON.parse(readFileSync(path, 'utf8')) as FrontsFile;
  const f = file.fronts[key];
  if (!f) throw new ConfigError(`nb201: nb201_pareto_fronts.json must have a front '${key}'; got ${Object.keys(file.fronts).map((k) => `'${k}'`).join(', ')}. Pick objectives with an exact front.`);
  return { key, indices: f.front_indices, points: f.points, ref: f.hypervolume_ref, hypervolume: f.hypervolume };
}
