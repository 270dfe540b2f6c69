import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../errors.js';
import { toArchString } from '../../space/nb201/cell.js';

/** The datasets of the tabular benchmark and their column prefixes. */
export const TABLE_DATASETS = { cifar10: 'c10', cifar100: 'c100', 'imagenet16-120': 'in16' } as const;
/** A dataset of the tabular benchmark. */
export type TableDataset = keyof typeof TABLE_DATASETS;

/** Training images per dataset relative to cifar10-valid's 25,000 and validation images, for the time proxy. */
const TRAIN_IMAGES = { c10: 25_000, c100: 50_000, in16: 151_700 };
const VALID_IMAGES = { c10: 25_000, c100: 5_000, in16: 3_000 };
/** Seconds per cifar10-valid training epoch per ms of 1080Ti batch-256 latency (fitted on 3 NATS records, README). */
const SECONDS_PER_LATENCY_MS = 0.41;

/** The NAS-Bench-201 table in memory: one row per cell in official index order. */
export interface Nb201Table {
  readonly size: number;
  /** Index of a cell by its architecture string. */
  indexOf(genome: readonly number[]): number;
  arch(index: number): string;
  /** A numeric column by name (e.g. 'c10_valid_12ep', 'c10_test'). */
  column(name: string): Float64Array;
  /** Simulated seconds of one query (12 epochs + one validation pass) on a dataset (proxy, README caveat 3). */
  queryCost(dataset: TableDataset): Float64Array;
}

function readCsv(path: string): { head: string[]; rows: string[][] } {
  if (!existsSync(path)) throw new ConfigError(`nb201: table file must exist; got no file at ${path}. Pass --data with the folder holding nb201.csv and nb201_hw_latency.csv.`);
  const [head, ...rows] = readFileSync(path, 'utf8').trim().split('\n');
  return { head: (head as string).split(','), rows: rows.map((r) => r.split(',')) };
}

/** Loads nb201.csv and nb201_hw_latency.csv from `dir`; throws ConfigError naming a missing file or column. */
export function loadNb201Table(dir: string): Nb201Table {
  const main = readCsv(join(dir, 'nb201.csv'));
  const hw = readCsv(join(dir, 'nb201_hw_latency.csv'));
  const col = (t: { head: string[]; rows: string[][] }, name: string, file: string): Float64Array => {
    const at = t.head.indexOf(name);
    if (at < 0) throw new ConfigError(`nb201: ${file} must have a column '${name}'; got columns ${t.head.slice(0, 6).join(', ')}, ...`);
    return Float64Array.from(t.rows, (r) => Number(r[at]));
  };
  const archAt = main.head.indexOf('arch');
  const index = new Map(main.rows.map((r, i) => [r[archAt] as string, i]));
  const cache = new Map<string, Float64Array>();
  const latency = col(hw, 'lat_1080ti_256_ms', 'nb201_hw_latency.csv');
  return {
    size: main.rows.length,
    indexOf(genome) {
      const i = index.get(toArchString(genome));
      if (i === undefined) throw new ConfigError(`nb201: cell ${toArchString(genome)} must be in the table; got no row for it.`);
      return i;
    },
    arch: (i) => (main.rows[i] as string[])[archAt] as string,
    column(name) {
      let c = cache.get(name);
      if (!c) cache.set(name, (c = col(main, name, 'nb201.csv')));
      return c;
    },
    queryCost(dataset) {
      const p = TABLE_DATASETS[dataset];
      return latency.map((ms) => SECONDS_PER_LATENCY_MS * ms * ((12 * TRAIN_IMAGES[p]) / 25_000 + (0.35 * VALID_IMAGES[p]) / 25_000));
    },
  };
}
