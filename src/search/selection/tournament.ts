import type { Select } from '../types.js';
import { best } from '../scoring.js';

/** Tournament selection: each parent is the fittest of `size` individuals drawn uniformly with replacement. */
export function tournament<G>(options: { size: number } = { size: 3 }): Select<G> {
  return (pop, n, rng) => Array.from({ length: n }, () => best(Array.from({ length: options.size }, () => rng.pick(pop))));
}
