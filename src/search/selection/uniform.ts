import type { Select } from '../types.js';

/** Uniform selection: every individual equally likely, fitness ignored (random-walk baseline). */
export function uniform<G>(): Select<G> {
  return (pop, n, rng) => Array.from({ length: n }, () => rng.pick(pop));
}
