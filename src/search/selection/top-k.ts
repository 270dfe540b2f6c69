import type { Select } from '../types.js';

/** Truncation selection: parents drawn uniformly from the k fittest (MCUNet's evolution uses the top 20 of 100). */
export function topK<G>(options: { k: number }): Select<G> {
  return (pop, n, rng) => {
    const top = [...pop].sort((a, b) => b.fitness - a.fitness || a.birth - b.birth).slice(0, options.k);
    return Array.from({ length: n }, () => rng.pick(top));
  };
}
