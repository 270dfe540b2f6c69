import { SearchError } from '../errors.js';
import type { InitKind, SearchSpace } from '../space/types.js';
import { Rng } from '../util/rng.js';
import { score } from './scoring.js';
import { tournament } from './selection/tournament.js';
import { aging } from './survival/aging.js';
import type { Direction, Proposal, Scored, Select, Strategy, Survive, Told } from './types.js';

/** Options of `Evolution`; `defaultEvolutionOptions` fills what is unset. */
export interface EvolutionOptions<G> {
  readonly populationSize: number;
  /** Children per generation: 1 is steady state (REA); more waits for the whole generation (a barrier). */
  readonly offspring: number;
  readonly select: Select<G>;
  readonly survive: Survive<G>;
  /** Fraction of children made by crossover of two parents (then mutated with `mutationRate`). */
  readonly crossoverRate: number;
  /** Probability that a crossover child is also mutated; children not made by crossover are always mutated. */
  readonly mutationRate: number;
  readonly init: InitKind;
  /** Do not propose a genome whose key was proposed before (retries the variation up to 100 times). */
  readonly dedup: boolean;
  readonly direction: Direction;
  readonly seed: number;
}

/** REA's defaults: population 10, tournament of 3, aging, one child at a time, random initial population. */
export function defaultEvolutionOptions<G>(): EvolutionOptions<G> {
  return { populationSize: 10, offspring: 1, select: tournament({ size: 3 }), survive: aging(), crossoverRate: 0, mutationRate: 1, init: 'random', dedup: false, direction: 'maximize', seed: 0 };
}

/**
 * Evolution as composable parts (selection, variation, survival), after pymoo's GeneticAlgorithm: an initial
 * population from the space's trivial, random or rich initialisation, then children bred from selected parents; after
 * each tell the survival policy trims the population. With `offspring` > 1 it is generational: a new generation is
 * bred only when every child of the last has been told.
 */
export class Evolution<G> implements Strategy<G> {
  readonly name = 'evolution';
  readonly options: EvolutionOptions<G>;
  private readonly rng: Rng;
  private population: Scored<G>[] = [];
  private readonly seen = new Set<string>();
  private trial = 0;
  private initialised = 0;
  private left = 0;
  private waiting = 0;

  constructor(private readonly space: SearchSpace<G>, options: Partial<EvolutionOptions<G>> = {}) {
    this.options = { ...defaultEvolutionOptions<G>(), ...options };
    const o = this.options;
    if (!Number.isInteger(o.populationSize) || o.populationSize < 1) throw new SearchError(`Evolution: populationSize must be an integer >= 1; got ${o.populationSize}.`);
    if (!Number.isInteger(o.offspring) || o.offspring < 1) throw new SearchError(`Evolution: offspring must be an integer >= 1; got ${o.offspring}.`);
    for (const key of ['crossoverRate', 'mutationRate'] as const) {
      if (!(o[key] >= 0 && o[key] <= 1)) throw new SearchError(`Evolution: ${key} must be in [0, 1]; got ${o[key]}.`);
    }
    this.rng = new Rng(o.seed);
  }

  /** The current population (survivors), oldest first. */
  get members(): readonly Scored<G>[] {
    return this.population;
  }

  private propose(genome: G, parents: number[]): Proposal<G> {
    this.seen.add(this.space.key(genome));
    return { trial: this.trial++, genome, parents };
  }

  private breed(): Proposal<G> {
    const o = this.options;
    for (let attempt = 0; ; attempt++) {
      const cross = this.rng.next() < o.crossoverRate;
      const parents = o.select(this.population, cross ? 2 : 1, this.rng);
      const [a, b] = parents as [Scored<G>, Scored<G> | undefined];
      let child = cross && b ? this.space.crossover(a.proposal.genome, b.proposal.genome, this.rng) : a.proposal.genome;
      if (!cross || this.rng.next() < o.mutationRate) child = this.space.mutate(child, this.rng);
      if (!o.dedup || !this.seen.has(this.space.key(child)) || attempt >= 100) return this.propose(child, parents.map((p) => p.proposal.trial));
    }
  }

  ask(n: number): Proposal<G>[] {
    const o = this.options;
    const out: Proposal<G>[] = [];
    while (out.length < n && this.initialised < o.populationSize) {
      this.initialised++;
      let g = this.space.initial(o.init, this.rng);
      for (let i = 0; o.dedup && this.seen.has(this.space.key(g)) && i < 100; i++) g = o.init === 'random' ? this.space.sample(this.rng) : this.space.mutate(g, this.rng);
      out.push(this.propose(g, []));
      this.waiting++;
    }
    if (this.population.length === 0) return out;
    // Generational: a new generation starts only when every earlier proposal has been told.
    if (o.offspring > 1 && this.left === 0 && this.waiting === 0) this.left = o.offspring;
    while (out.length < n && (o.offspring === 1 || this.left > 0)) {
      out.push(this.breed());
      if (o.offspring > 1) this.left--;
      this.waiting++;
    }
    return out;
  }

  tell(results: readonly Told<G>[]): void {
    const o = this.options;
    for (const r of results) {
      this.population.push(score(r, o.direction));
      this.waiting--;
      if (o.offspring === 1 && this.population.length > o.populationSize) this.population = o.survive(this.population, o.populationSize, this.rng);
    }
    if (o.offspring > 1 && this.waiting === 0 && this.left === 0 && this.population.length > o.populationSize) {
      this.population = o.survive(this.population, o.populationSize, this.rng);
    }
  }
}
