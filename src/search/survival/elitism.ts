import type { Survive } from '../types.js';

/** Elitism (truncation): the `size` fittest survive; ties go to the younger. Discarding the worst is this, too. */
export function elitism<G>(): Survive<G> {
  return (pool, size) => [...pool].sort((a, b) => b.fitness - a.fitness || b.birth - a.birth).slice(0, size).sort((a, b) => a.birth - b.birth);
}

/** Discard worst: removes the least fit until `size` remain (the steady-state name for elitism). */
export const discardWorst = elitism;
