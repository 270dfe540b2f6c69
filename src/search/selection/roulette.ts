import type { Select } from '../types.js';

/**
 * Roulette (fitness-proportional) selection. Fitness is shifted so the worst individual has weight `floor` of the
 * range (negative and infeasible fitness would otherwise break proportions); with equal fitness it is uniform.
 */
export function roulette<G>(options: { floor?: number } = {}): Select<G> {
  const floor = options.floor ?? 0.05;
  return (pop, n, rng) => {
    const finite = pop.map((s) => (Number.isFinite(s.fitness) ? s.fitness : -1e12));
    const lo = Math.min(...finite);
    const hi = Math.max(...finite);
    const span = hi - lo || 1;
    const weights = finite.map((f) => (f - lo) / span + floor);
    const total = weights.reduce((a, b) => a + b, 0);
    return Array.from({ length: n }, () => {
      let r = rng.next() * total;
      for (let i = 0; i < pop.length; i++) {
        r -= weights[i] as number;
        if (r < 0) return pop[i] as (typeof pop)[number];
      }
      return pop[pop.length - 1] as (typeof pop)[number];
    });
  };
}
