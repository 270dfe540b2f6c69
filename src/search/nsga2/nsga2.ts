import { initialMaker } from '../initial.js';
import { SearchError } from '../../errors.js';
import type { InitKind, SearchSpace } from '../../space/types.js';
import { Rng } from '../../util/rng.js';
import { defaultDirections, minimised } from '../objectives.js';
import type { Direction, Proposal, Strategy, Told } from '../types.js';
import { crowdingDistance } from './crowding.js';
import { type Candidate, nonDominatedSort } from './dominance.js';
import { crowdedTournament, type RankedCrowded } from './tournament.js';

/** Options of `Nsga2`; the constructor fills what is unset. */
export interface Nsga2Options {
  /** N: the population, and the number of children per generation. */
  readonly populationSize: number;
  /** Per objective; unset = maximise the first (accuracy) and minimise the rest (costs), fixed at the first tell. */
  readonly directions: readonly Direction[] | undefined;
  /** Probability that a child is the space's crossover of two parents (otherwise a copy of one); it is then mutated. */
  readonly crossoverRate: number;
  /** Probability that a child is mutated after crossover; a child that is a copy is always mutated. */
  readonly mutationRate: number;
  readonly init: InitKind;
  /** Do not propose a genome whose key was proposed before (pymoo's eliminate_duplicates; retries up to 100 times). */
  readonly dedup: boolean;
  readonly seed: number;
}

/** A population member of NSGA-II: the told result, its point for sorting, rank and crowding. */
export interface Nsga2Member<G> extends RankedCrowded {
  readonly told: Told<G>;
  readonly point: Candidate;
}

/**
 * Keeps the best `size` of a pool: whole non-dominated fronts (under constraint domination) in order, the last one cut
 * by crowding distance, largest first (ties to the older). Every survivor carries its rank and crowding distance.
 */
export function nsga2Survival<G>(pool: readonly Nsga2Member<G>[], size: number): Nsga2Member<G>[] {
  const out: Nsga2Member<G>[] = [];
  for (const [rank, front] of nonDominatedSort(pool.map((m) => m.point)).entries()) {
    const distance = crowdingDistance(front.map((i) => (pool[i] as Nsga2Member<G>).point.objectives));
    const ranked = front.map((i, at) => ({ ...(pool[i] as Nsga2Member<G>), rank, crowding: distance[at] as number }));
    if (out.length + ranked.length <= size) {
      out.push(...ranked);
      continue;
    }
    ranked.sort((a, b) => b.crowding - a.crowding || a.told.proposal.trial - b.told.proposal.trial);
    out.push(...ranked.slice(0, size - out.length));
    break;
  }
  return out;
}

/**
 * NSGA-II (Deb et al. 2002), generational: N initial genomes, then generations of N children, each bred from two
 * parents picked by binary crowded tournament through the space's crossover and mutation; when the whole generation
 * is told, parents and children are merged and `nsga2Survival` keeps N. `ask` returns nothing while a generation is
 * pending (a barrier). A failed result counts as infeasible with infinite violation.
 */
export class Nsga2<G> implements Strategy<G> {
  readonly name = 'nsga2';
  readonly options: Nsga2Options;
  private directions: readonly Direction[] | undefined;
  private readonly rng: Rng;
  private population: Nsga2Member<G>[] = [];
  private incoming: Nsga2Member<G>[] = [];
  private readonly seen = new Set<string>();
  private trial = 0;
  private initialised = 0;
  private left = 0;
  private waiting = 0;

  constructor(private readonly space: SearchSpace<G>, options: Partial<Nsga2Options> = {}) {
    this.options = { populationSize: 20, directions: undefined, crossoverRate: 0.9, mutationRate: 1, init: 'random', dedup: true, seed: 0, ...options };
    const o = this.options;
    if (!Number.isInteger(o.populationSize) || o.populationSize < 2) throw new SearchError(`Nsga2: populationSize must be an integer >= 2; got ${o.populationSize}.`);
    if (o.directions?.length === 0) throw new SearchError('Nsga2: directions must name at least one objective; got []. Leave it unset for maximise-first, minimise-rest.');
    for (const key of ['crossoverRate', 'mutationRate'] as const) {
      if (!(o[key] >= 0 && o[key] <= 1)) throw new SearchError(`Nsga2: ${key} must be in [0, 1]; got ${o[key]}.`);
    }
    this.directions = o.directions;
    this.rng = new Rng(o.seed);
  }

  /** The current population with ranks and crowding distances, as left by the last survival. */
  get members(): readonly Nsga2Member<G>[] {
    return this.population;
  }

  /** `make(attempt)` is retried while dedup finds the genome's key among earlier proposals. */
  private propose(make: (attempt: number) => G, parents: number[]): Proposal<G> {
    let genome = make(0);
    for (let i = 1; this.options.dedup && this.seen.has(this.space.key(genome)) && i <= 100; i++) genome = make(i);
    this.seen.add(this.space.key(genome));
    this.waiting++;
    return { trial: this.trial++, genome, parents };
  }

  private child(): Proposal<G> {
    const [a, b] = crowdedTournament(this.population, 2, this.rng) as [Nsga2Member<G>, Nsga2Member<G>];
    const breed = (): G => {
      const cross = this.rng.next() < this.options.crossoverRate;
      const g = cross ? this.space.crossover(a.told.proposal.genome, b.told.proposal.genome, this.rng) : a.told.proposal.genome;
      return !cross || this.rng.next() < this.options.mutationRate ? this.space.mutate(g, this.rng) : g;
    };
    return this.propose(breed, [a.told.proposal.trial, b.told.proposal.trial]);
  }

  ask(n: number): Proposal<G>[] {
    const o = this.options;
    const out: Proposal<G>[] = [];
    while (out.length < n && this.initialised < o.populationSize) {
      this.initialised++;
      out.push(this.propose(initialMaker(this.space, o.init, this.rng), []));
    }
    if (this.population.length === 0) return out;
    if (this.left === 0 && this.waiting === 0) this.left = o.populationSize;
    while (out.length < n && this.left > 0) {
      out.push(this.child());
      this.left--;
    }
    return out;
  }

  tell(results: readonly Told<G>[]): void {
    for (const r of results) {
      this.directions ??= defaultDirections(r.objectives?.length ?? 1);
      const f = minimised('Nsga2.tell', r, this.directions);
      const point = f === null ? { objectives: this.directions.map(() => Infinity), violation: Infinity } : { objectives: f, violation: r.violation };
      this.incoming.push({ told: r, point, rank: 0, crowding: 0 });
      this.waiting--;
    }
    if (this.waiting === 0 && this.left === 0 && this.incoming.length > 0) {
      this.population = nsga2Survival([...this.population, ...this.incoming], this.options.populationSize);
      this.incoming = [];
    }
  }
}
