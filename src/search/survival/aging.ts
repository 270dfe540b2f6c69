import type { Survive } from '../types.js';

/** Aging (regularised evolution, Real et al. 2019): the oldest are removed whatever their fitness. */
export function aging<G>(): Survive<G> {
  return (pool, size) => [...pool].sort((a, b) => a.birth - b.birth).slice(Math.max(0, pool.length - size));
}
