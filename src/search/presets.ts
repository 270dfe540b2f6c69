import { SearchError } from '../errors.js';
import type { SearchSpace } from '../space/types.js';
import { withCanonicalKey } from './canonical-key.js';
import { Evolution, type EvolutionOptions } from './evolution.js';
import { Nsga2 } from './nsga2/nsga2.js';
import { RandomSearch } from './random-search.js';
import { Reinforce } from './reinforce.js';
import { Scalarised } from './scalarised.js';
import { topK, tournament } from './selection/index.js';
import { aging, elitism, worstOfOldest } from './survival/index.js';
import type { Strategy } from './types.js';

/** Strategy presets named after their papers, built for a space with a seed. */
export const strategyPresets: { readonly [name: string]: <G>(space: SearchSpace<G>, seed: number, extra?: Partial<EvolutionOptions<G>>) => Strategy<G> } = {
  /** Random search. */
  random: (space, seed) => new RandomSearch(space, { seed }),
  /** Regularised evolution (Real et al. 2019) as NB201 runs it: population 10, tournament of 3, aging. */
  rea: (space, seed, extra) => new Evolution(space, { populationSize: 10, select: tournament({ size: 3 }), survive: aging(), seed, ...extra }),
  /** REA that never pays twice for an architecture it already proposed (same canonical key). */
  'rea-dedup': (space, seed, extra) => new Evolution(space, { populationSize: 10, select: tournament({ size: 3 }), survive: aging(), dedup: true, seed, ...extra }),
  /**
   * tinyevo's REA: worst-of-oldest survival (window 3) and no isomorphic duplicates (canonical graph hash). Beats
   * `rea` on NAS-Bench-201 under both protocols (docs/benchmarks.md).
   */
  'rea-woo-iso': (space, seed, extra) => new Evolution(withCanonicalKey(space), { populationSize: 10, select: tournament({ size: 3 }), survive: worstOfOldest({ window: 3 }), dedup: true, seed, ...extra }),
  /** MCUNet's evolution (Lin et al. 2020): population 100, parents from the top 20, 50 crossover + 50 mutation children. */
  'mcunet-ea': (space, seed, extra) => new Evolution(space, { populationSize: 100, offspring: 100, select: topK({ k: 20 }), survive: elitism(), crossoverRate: 0.5, mutationRate: 0.1, seed, ...extra }),
  /**
   * MCUNet's recipe: the same evolution, scored by the inherited accuracy of sub-networks of a weight-sharing supernet
   * trained first (the search sets up the one-shot estimator; elastic spaces only: mcunet).
   */
  'mcunet-oneshot': (space, seed, extra) => new Evolution(space, { populationSize: 100, offspring: 100, select: topK({ k: 20 }), survive: elitism(), crossoverRate: 0.5, mutationRate: 0.1, seed, ...extra }),
  /** uNAS (Liberis et al. 2021): aging evolution, population 100, sample 25. */
  unas: (space, seed, extra) => new Evolution(space, { populationSize: 100, select: tournament({ size: 25 }), survive: aging(), seed, ...extra }),
  /** REINFORCE (Williams 1992) as NATS-Bench runs it: Adam lr 0.01, EMA baseline 0.9. Fixed-length spaces only. */
  reinforce: (space, seed) => new Reinforce(space, { lr: 0.01, seed }),
  /** REINFORCE with NAS-Bench-201's script setting, Adam lr 0.5. */
  'reinforce-0.5': (space, seed) => new Reinforce(space, { lr: 0.5, seed }),
  /** NSGA-II (Deb et al. 2002), population 20; maximises the first objective and minimises the others. */
  nsga2: (space, seed, extra) => new Nsga2(space, { populationSize: 20, seed, ...(extra?.init && { init: extra.init }) }),
  /** uNAS-style randomised scalarisation: aging evolution, population 100, tournament of 25, a random weight vector per child. */
  scalarised: (space, seed, extra) => new Scalarised(space, { populationSize: 100, seed, ...(extra?.init && { init: extra.init }) }),
};

/** The preset called `name`; throws SearchError listing the known names. */
export function strategyByName<G>(name: string, space: SearchSpace<G>, seed: number, extra?: Partial<EvolutionOptions<G>>): Strategy<G> {
  const make = strategyPresets[name];
  if (!make) throw new SearchError(`strategy: name must be one of ${Object.keys(strategyPresets).join(', ')}; got ${JSON.stringify(name)}.`);
  return make(space, seed, extra);
}
