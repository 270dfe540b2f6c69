import type { InitKind, SearchSpace } from '../space/types.js';
import type { Rng } from '../util/rng.js';

/**
 * A maker of one initial genome by attempt number, for strategies that retry until the genome is new: attempt 0 is
 * the space's initialisation of `kind`; later attempts vary it (a fresh sample for 'random', else a mutation of the
 * first), so a repeated trivial or rich start does not fill the population with copies.
 */
export function initialMaker<G>(space: SearchSpace<G>, kind: InitKind, rng: Rng): (attempt: number) => G {
  const first = space.initial(kind, rng);
  return (attempt) => (attempt === 0 ? first : kind === 'random' ? space.sample(rng) : space.mutate(first, rng));
}
