import type { Direction, Scored, Told } from './types.js';

/**
 * The scalar fitness of a single-objective result: the first objective, negated when minimised; infeasible results
 * rank below every feasible one (by violation), failures below all.
 */
export function fitnessOf(told: Told<unknown>, direction: Direction = 'maximize'): number {
  if (told.objectives === null) return -Infinity;
  const v = told.objectives[0] as number;
  const f = direction === 'maximize' ? v : -v;
  return told.violation > 0 ? -1e12 - told.violation : f;
}

/** Attaches fitness and birth order (the trial number) to a told result. */
export function score<G>(told: Told<G>, direction: Direction = 'maximize'): Scored<G> {
  return { ...told, fitness: fitnessOf(told, direction), birth: told.proposal.trial };
}

/** The best of a non-empty list by fitness (earliest wins ties). */
export function best<G>(pop: readonly Scored<G>[]): Scored<G> {
  return pop.reduce((a, b) => (b.fitness > a.fitness ? b : a));
}
