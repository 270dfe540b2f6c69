/** A genome a strategy proposes for evaluation, numbered by trial, with the trials it was bred from. */
export interface Proposal<G> {
  readonly trial: number;
  readonly genome: G;
  readonly parents: readonly number[];
}

/** The result of a proposal: objective values (null = failed) and the total relative constraint excess (0 = feasible). */
export interface Told<G> {
  readonly proposal: Proposal<G>;
  readonly objectives: readonly number[] | null;
  readonly violation: number;
}

/** A told result with the single fitness a selection policy compares (higher is better) and its birth order. */
export interface Scored<G> extends Told<G> {
  readonly fitness: number;
  readonly birth: number;
}

/** Whether an objective is to be made large or small. */
export type Direction = 'maximize' | 'minimize';

/**
 * A search strategy: it proposes and is told. It never trains, measures cost or stores anything, and `ask` draws
 * only from its seeded RNG, so replaying the same asks and tells rebuilds the same state after a crash.
 */
export interface Strategy<G> {
  readonly name: string;
  /** Up to n proposals; fewer (even none) while it waits for results, e.g. at a generation barrier. */
  ask(n: number): Proposal<G>[];
  /** Results of earlier proposals, each told once. */
  tell(results: readonly Told<G>[]): void;
}

/** Picks n parents from a population (may repeat individuals). */
export type Select<G> = (pop: readonly Scored<G>[], n: number, rng: import('../util/rng.js').Rng) => Scored<G>[];
/** Chooses the `size` survivors of a pool. */
export type Survive<G> = (pool: readonly Scored<G>[], size: number, rng: import('../util/rng.js').Rng) => Scored<G>[];
