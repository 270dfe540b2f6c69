import { SearchError } from '../../errors.js';
import { Nb201Space } from '../../space/nb201/index.js';
import { strategyByName } from '../../search/presets.js';
import type { Strategy } from '../../search/types.js';
import type { Nb201Genome } from '../../space/nb201/index.js';
import { DEFAULT_CHECKPOINTS, searchMoOnce, type MoRunResult } from './multi-objective.js';
import { nb201Problem, parseObjectives } from './objectives.js';
import { TABLE_DATASETS, type Nb201Table, type TableDataset } from './table.js';

/** The search protocols: NB201 searches CIFAR-10 for 12,000 s; NATS searches each dataset with its own budget. */
export const PROTOCOLS = {
  nb201: { budgets: { cifar10: 12_000, cifar100: 12_000, 'imagenet16-120': 12_000 } },
  nats: { budgets: { cifar10: 20_000, cifar100: 40_000, 'imagenet16-120': 120_000 } },
} as const;
/** A protocol name. */
export type Protocol = keyof typeof PROTOCOLS;

/** Options of one harness invocation. */
export interface HarnessOptions {
  readonly strategy: string;
  readonly dataset: TableDataset;
  readonly protocol: Protocol;
  readonly budgetS?: number;
  readonly runs: number;
  readonly seed: number;
  /** Multi-objective run ('accuracy,flops', 'accuracy,latency:raspi4'): counted in evaluations, scored by hypervolume. */
  readonly objectives?: string;
  /** The folder of the table files; needed with `objectives` (latencies and exact fronts). */
  readonly dataDir?: string;
  /** Hypervolume checkpoints of a multi-objective run, in evaluations (default 100, 300, 1,000). */
  readonly evaluations?: readonly number[];
  /** Builds the strategy for a seed instead of the preset `strategy` (which then only labels the run). */
  readonly factory?: (seed: number) => Strategy<Nb201Genome>;
}

/** One search run: its seed, queries, simulated seconds and the NB201 index of the chosen cell. */
export interface RunResult { readonly seed: number; readonly queries: number; readonly seconds: number; readonly index: number }

/** The columns reported for a chosen cell (200-epoch accuracies; CIFAR-10 from NB201 v1.1 under the NB201 protocol). */
export function reportColumns(protocol: Protocol): string[] {
  const c10 = protocol === 'nb201' ? ['c10_valid_nb201', 'c10_test_nb201'] : ['c10_valid', 'c10_test'];
  return [...c10, 'c100_valid', 'c100_test', 'in16_valid', 'in16_test'];
}

/** The run's strategy for a seed: the factory's, else the preset called `o.strategy`. */
function makeStrategy(o: HarnessOptions, seed: number): Strategy<Nb201Genome> {
  return o.factory ? o.factory(seed) : strategyByName(o.strategy, new Nb201Space(), seed);
}

/**
 * One simulated search: each query returns the cell's mean 12-epoch validation accuracy (per-seed 12-epoch values
 * are not in the data) and costs its proxy training time; the search stops before a query that would pass the budget
 * and returns the cell with the best 12-epoch validation accuracy seen.
 */
export function searchOnce(table: Nb201Table, o: HarnessOptions, seed: number): RunResult {
  const searchOn: TableDataset = o.protocol === 'nb201' ? 'cifar10' : o.dataset;
  const budget = o.budgetS ?? PROTOCOLS[o.protocol].budgets[searchOn];
  const acc = table.column(`${TABLE_DATASETS[searchOn]}_valid_12ep`);
  const cost = table.queryCost(searchOn);
  const strategy = makeStrategy(o, seed);
  let clock = 0;
  let queries = 0;
  let bestIndex = -1;
  for (;;) {
    const [p] = strategy.ask(1);
    if (!p) throw new SearchError(`nb201 harness: strategy '${o.strategy}' proposed nothing with no result pending; it must propose one cell per ask(1).`);
    const i = table.indexOf(p.genome);
    if (clock + (cost[i] as number) > budget) break;
    clock += cost[i] as number;
    queries++;
    if (bestIndex < 0 || (acc[i] as number) > (acc[bestIndex] as number)) bestIndex = i;
    strategy.tell([{ proposal: p, objectives: [acc[i] as number], violation: 0 }]);
  }
  if (bestIndex < 0) throw new SearchError(`nb201 harness: budget must allow at least one query; got ${budget} s. Raise --budget-s.`);
  return { seed, queries, seconds: clock, index: bestIndex };
}

/** Mean and population standard deviation. */
export function meanStd(values: readonly number[]): { mean: number; std: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { mean, std: Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length) };
}

/**
 * Multi-objective runs with seeds seed, seed+1, ...: the hypervolume fraction at each checkpoint ('hv@100', ...) and
 * the final front size, as mean and std. Throws SearchError for unknown objectives or without `dataDir`.
 */
export function runMoHarness(table: Nb201Table, o: HarnessOptions, onRun?: (done: number) => void): { runs: MoRunResult[]; summary: Record<string, { mean: number; std: number }> } {
  const objectives = parseObjectives(o.objectives ?? '');
  if (o.dataDir === undefined) throw new SearchError('nb201 harness: dataDir must be set for a multi-objective run; got none. Pass the folder holding nb201_pareto_fronts.json.');
  const checkpoints = [...(o.evaluations ?? DEFAULT_CHECKPOINTS)].sort((a, b) => a - b);
  if (checkpoints.length === 0 || checkpoints.some((c) => !Number.isInteger(c) || c < 1)) throw new SearchError(`nb201 harness: evaluations must be integers >= 1; got [${checkpoints.join(', ')}].`);
  const searchOn: TableDataset = o.protocol === 'nb201' ? 'cifar10' : o.dataset;
  const problem = nb201Problem(table, o.dataDir, objectives, searchOn);
  const runs = Array.from({ length: o.runs }, (_, r) => {
    const run = searchMoOnce(table, problem, makeStrategy(o, o.seed + r), o.seed + r, table.queryCost(searchOn), checkpoints);
    onRun?.(r + 1);
    return run;
  });
  const summary: Record<string, { mean: number; std: number }> = {};
  checkpoints.forEach((c, k) => (summary[`hv@${c}`] = meanStd(runs.map((r) => r.hv[k] as number))));
  summary['front size'] = meanStd(runs.map((r) => r.front.length));
  return { runs, summary };
}

/**
 * Runs `runs` searches with seeds seed, seed+1, ... and summarises the chosen cells' reported accuracies; with
 * `objectives` it is `runMoHarness`.
 */
export function runHarness(table: Nb201Table, o: HarnessOptions, onRun?: (done: number) => void): { runs: RunResult[]; summary: Record<string, { mean: number; std: number }> } {
  if (!Number.isInteger(o.runs) || o.runs < 1) throw new SearchError(`nb201 harness: runs must be an integer >= 1; got ${o.runs}.`);
  if (o.objectives !== undefined) return runMoHarness(table, o, onRun);
  const runs: RunResult[] = [];
  for (let r = 0; r < o.runs; r++) {
    runs.push(searchOnce(table, o, o.seed + r));
    onRun?.(r + 1);
  }
  const summary: Record<string, { mean: number; std: number }> = {};
  for (const c of reportColumns(o.protocol)) summary[c] = meanStd(runs.map((r) => table.column(c)[r.index] as number));
  return { runs, summary };
}
