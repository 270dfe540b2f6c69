import type { Rng } from '../../util/rng.js';

/** What NSGA-II's tournament compares: the Pareto rank (lower is better) and the crowding distance (higher is better). */
export interface RankedCrowded {
  readonly rank: number;
  readonly crowding: number;
}

/**
 * NSGA-II's binary tournament (crowded-comparison operator): two individuals drawn uniformly with replacement, the
 * lower rank wins, then the larger crowding distance; a full tie goes to the first drawn.
 */
export function crowdedTournament<T extends RankedCrowded>(pop: readonly T[], n: number, rng: Rng): T[] {
  return Array.from({ length: n }, () => {
    const a = rng.pick(pop);
    const b = rng.pick(pop);
    if (a.rank !== b.rank) return a.rank < b.rank ? a : b;
    return b.crowding > a.crowding ? b : a;
  });
}
