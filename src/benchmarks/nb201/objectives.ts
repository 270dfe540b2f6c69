import { SearchError } from '../../errors.js';
import type { Direction } from '../../search/types.js';
import { loadExactFront, type ExactFront } from './fronts.js';
import { loadLatencyColumn } from './hw-latency.js';
import { TABLE_DATASETS, type Nb201Table, type TableDataset } from './table.js';

/** The objectives a multi-objective NB201 run may name: accuracy first, then one cost with an exact front. */
export const NB201_OBJECTIVES = ['accuracy', 'flops', 'latency:raspi4', 'latency:pixel3'] as const;
/** One objective name of `--objectives`. */
export type Nb201Objective = (typeof NB201_OBJECTIVES)[number];

/** A 2-objective problem on the table: what the search is told, and what the hypervolume is scored on. */
export interface Nb201Problem {
  readonly objectives: readonly Nb201Objective[];
  readonly directions: readonly Direction[];
  /** Per objective, per cell: the told values (12-epoch validation accuracy %, cost). */
  readonly told: readonly [Float64Array, Float64Array];
  /** Per cell: the 200-epoch validation accuracy % and the cost the hypervolume uses. */
  readonly scored: readonly [Float64Array, Float64Array];
  readonly front: ExactFront;
}

/**
 * Parses `--objectives` ('accuracy,flops', 'accuracy,latency:raspi4'): accuracy first, then one cost. Throws
 * SearchError listing the known names for an unknown one, and for a list of another shape.
 */
export function parseObjectives(text: string): Nb201Objective[] {
  const names = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const n of names) {
    if (!(NB201_OBJECTIVES as readonly string[]).includes(n)) {
      throw new SearchError(`nb201 harness: objective must be one of ${NB201_OBJECTIVES.join(', ')}; got ${JSON.stringify(n)}. Write e.g. --objectives accuracy,flops.`);
    }
  }
  if (names.length !== 2 || names[0] !== 'accuracy' || names[1] === 'accuracy') {
    throw new SearchError(`nb201 harness: objectives must be accuracy and one cost (${NB201_OBJECTIVES.slice(1).join(', ')}), as exact fronts exist only for those pairs; got ${JSON.stringify(text)}.`);
  }
  return names as Nb201Objective[];
}

/** The cost column of an objective for a dataset; latencies were measured with CIFAR-10 inputs only. */
function costColumn(objective: Nb201Objective, dataset: TableDataset): string {
  const p = TABLE_DATASETS[dataset];
  if (objective === 'flops') return `flops_${p}`;
  if (dataset !== 'cifar10') throw new SearchError(`nb201 harness: objective ${objective} must be searched on cifar10 (latencies were measured on CIFAR-10 inputs); got dataset ${dataset}. Use flops, or --dataset cifar10.`);
  return `lat_${objective.slice('latency:'.length)}_ms`;
}

/** Builds the problem for `objectives` searched on `dataset`, reading the latency CSV and the exact front from `dir`. */
export function nb201Problem(table: Nb201Table, dir: string, objectives: readonly Nb201Objective[], dataset: TableDataset): Nb201Problem {
  const p = TABLE_DATASETS[dataset];
  const column = costColumn(objectives[1] as Nb201Objective, dataset);
  const cost = column.startsWith('lat_') ? loadLatencyColumn(dir, column, table.size) : table.column(column);
  return {
    objectives,
    directions: ['maximize', 'minimize'],
    told: [table.column(`${p}_valid_12ep`), cost],
    scored: [table.column(`${p}_valid`), cost],
    front: loadExactFront(dir, `max ${p}_valid / min ${column}`),
  };
}
