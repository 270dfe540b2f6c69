import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../errors.js';

/**
 * One column of nb201_hw_latency.csv (ms per inference) in NB201 index order, joined on its `index` column. An empty
 * cell (some devices lack a few cells) is NaN, not 0. Throws ConfigError for a missing file or column.
 */
export function loadLatencyColumn(dir: string, column: string, size: number): Float64Array {
  const path = join(dir, 'nb201_hw_latency.csv');
  if (!existsSync(path)) throw new ConfigError(`nb201: table file must exist; got no file at ${path}. Pass --data with the folder holding nb201_hw_latency.csv.`);
  const [head, ...rows] = readFileSync(path, 'utf8').trim().split('\n');
  const names = (head as string).split(',');
  const at = names.indexOf(column);
  if (at < 0) throw new ConfigError(`nb201: nb201_hw_latency.csv must have a column '${column}'; got ${names.filter((n) => n.startsWith('lat_')).join(', ')}.`);
  const indexAt = names.indexOf('index');
  const out = new Float64Array(size).fill(NaN);
  for (const row of rows) {
    const cells = row.split(',');
    const cell = cells[at] ?? '';
    out[Number(cells[indexAt])] = cell === '' ? NaN : Number(cell);
  }
  return out;
}
