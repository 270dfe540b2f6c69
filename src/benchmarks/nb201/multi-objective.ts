import { SearchError } from '../../errors.js';
import { hypervolume } from '../../search/hypervolume.js';
import type { Strategy } from '../../search/types.js';
import type { Nb201Genome } from '../../space/nb201/index.js';
import type { Nb201Problem } from './objectives.js';
import type { Nb201Table } from './table.js';

/** The hypervolume checkpoints (evaluations) of a multi-objective run. */
export const DEFAULT_CHECKPOINTS: readonly number[] = [100, 300, 1000];

/** A multi-objective run: as a single-objective one, plus the hypervolume fractions at the checkpoints and the final front. */
export interface MoRunResult {
  readonly seed: number;
  readonly queries: number;
  readonly seconds: number;
  /** The cell with the best told accuracy. */
  readonly index: number;
  /** Per checkpoint: hypervolume of the front (scored on 200-epoch accuracy) / the exact front's hypervolume. */
  readonly hv: readonly number[];
  /** NB201 indices of the non-dominated evaluated cells (by the told objectives) at the end. */
  readonly front: readonly number[];
}

/**
 * Adds cell `i` to a non-dominated set of cells under (maximise told[0], minimise told[1]): unless some member is at
 * least as good in both (that includes the cell itself), it enters and the members it dominates leave.
 */
export function addToFront(front: readonly number[], i: number, told: Nb201Problem['told']): number[] {
  const [acc, cost] = told;
  const a = acc[i] as number;
  const c = cost[i] as number;
  if (front.some((j) => (acc[j] as number) >= a && (cost[j] as number) <= c)) return [...front];
  return [...front.filter((j) => !((acc[j] as number) <= a && (cost[j] as number) >= c)), i];
}

/**
 * The hypervolume of a set of cells scored on the problem's 200-epoch accuracy and cost, with the exact front's
 * reference point, as a fraction of the exact front's hypervolume (1 = the whole exact front found).
 */
export function hypervolumeFraction(cells: readonly number[], problem: Nb201Problem): number {
  const [acc, cost] = problem.scored;
  const [refAcc, refCost] = problem.front.ref;
  const points = cells.map((i) => [-(acc[i] as number), cost[i] as number]);
  return hypervolume(points, [-refAcc, refCost]) / problem.front.hypervolume;
}

/**
 * One multi-objective search by evaluations (not time): each query is told [12-epoch validation accuracy, cost] and
 * its simulated seconds are counted; the non-dominated set of the evaluated cells (by what was told) is tracked, and
 * at each checkpoint its hypervolume fraction is taken. A repeated cell counts as an evaluation again.
 */
export function searchMoOnce(table: Nb201Table, problem: Nb201Problem, strategy: Strategy<Nb201Genome>, seed: number, seconds: Float64Array, checkpoints = DEFAULT_CHECKPOINTS): MoRunResult {
  const total = Math.max(...checkpoints);
  const [acc, cost] = problem.told;
  let front: number[] = [];
  const hv: number[] = [];
  let clock = 0;
  let best = -1;
  for (let q = 1; q <= total; q++) {
    const [p] = strategy.ask(1);
    if (!p) throw new SearchError(`nb201 harness: strategy '${strategy.name}' proposed nothing with no result pending; it must propose one cell per ask(1).`);
    const i = table.indexOf(p.genome);
    clock += seconds[i] as number;
    if (best < 0 || (acc[i] as number) > (acc[best] as number)) best = i;
    front = addToFront(front, i, problem.told);
    strategy.tell([{ proposal: p, objectives: [acc[i] as number, cost[i] as number], violation: 0 }]);
    if (checkpoints.includes(q)) hv.push(hypervolumeFraction(front, problem));
  }
  return { seed, queries: total, seconds: clock, index: best, hv, front };
}
