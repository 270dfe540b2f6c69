import { initialMaker } from './initial.js';
import { SearchError } from '../errors.js';
import type { InitKind, SearchSpace } from '../space/types.js';
import { Rng } from '../util/rng.js';
import { defaultDirections, minimised } from './objectives.js';
import { tournament } from './selection/tournament.js';
import { aging } from './survival/aging.js';
import type { Direction, Proposal, Scored, Select, Strategy, Survive, Told } from './types.js';

/** Options of `Scalarised`; the constructor fills what is unset (uNAS's aging evolution: 100, tournament of 25). */
export interface ScalarisedOptions<G> {
  readonly populationSize: number;
  /** Picks the parent on the child's scalarised fitness. */
  readonly select: Select<G>;
  /** Trims the population; it sees the fitness under equal weights. */
  readonly survive: Survive<G>;
  /** Per objective; unset = maximise the first (accuracy) and minimise the rest (costs), fixed at the first tell. */
  readonly directions: readonly Direction[] | undefined;
  readonly init: InitKind;
  /** Do not propose a genome whose key was proposed before (retries the mutation up to 100 times). */
  readonly dedup: boolean;
  readonly seed: number;
}

/** A weight vector drawn uniformly from the simplex of `count` objectives (normalised exponentials: Dirichlet(1, ..., 1)). */
export function simplexWeights(count: number, rng: Rng): number[] {
  const e = Array.from({ length: count }, () => -Math.log(1 - rng.next()));
  const sum = e.reduce((a, b) => a + b, 0);
  return sum > 0 ? e.map((x) => x / sum) : e.map(() => 1 / count);
}

/**
 * Randomised scalarisation in the style of uNAS (Liberis et al. 2021, after Paria et al. 2019): steady-state aging
 * evolution in which each child is bred for its own random weight vector on the simplex. The parent is selected on
 * fitness = Σ wᵢ·(normalised objective i), each objective scaled to [0, 1] (1 = best) by the range told so far.
 * Infeasible results rank below feasible ones by violation, failed ones below all. Unlike uNAS, objectives are
 * normalised by the observed range instead of user-given bounds.
 */
export class Scalarised<G> implements Strategy<G> {
  readonly name = 'scalarised';
  readonly options: ScalarisedOptions<G>;
  private directions: readonly Direction[] | undefined;
  private readonly rng: Rng;
  private population: Told<G>[] = [];
  private readonly seen = new Set<string>();
  private readonly points = new Map<number, number[] | null>();
  private lo: number[] = [];
  private hi: number[] = [];
  private trial = 0;
  private initialised = 0;

  constructor(private readonly space: SearchSpace<G>, options: Partial<ScalarisedOptions<G>> = {}) {
    this.options = { populationSize: 100, select: tournament({ size: 25 }), survive: aging(), directions: undefined, init: 'random', dedup: false, seed: 0, ...options };
    if (!Number.isInteger(this.options.populationSize) || this.options.populationSize < 1) {
      throw new SearchError(`Scalarised: populationSize must be an integer >= 1; got ${this.options.populationSize}.`);
    }
    this.directions = this.options.directions;
    this.rng = new Rng(this.options.seed);
  }

  /** The current population, oldest first. */
  get members(): readonly Told<G>[] {
    return this.population;
  }

  /** The scalar fitness of a told result under `weights` (higher is better). */
  private fitness(t: Told<G>, weights: readonly number[]): number {
    const f = this.points.get(t.proposal.trial);
    if (!f) return -Infinity;
    if (t.violation > 0) return -1e12 - t.violation;
    return f.reduce((s, v, i) => {
      const span = (this.hi[i] as number) - (this.lo[i] as number);
      return s + (weights[i] as number) * (span > 0 ? ((this.hi[i] as number) - v) / span : 1);
    }, 0);
  }

  private scored(weights: readonly number[]): Scored<G>[] {
    return this.population.map((t) => ({ ...t, fitness: this.fitness(t, weights), birth: t.proposal.trial }));
  }

  private propose(make: (attempt: number) => G, parents: number[]): Proposal<G> {
    let genome = make(0);
    for (let i = 1; this.options.dedup && this.seen.has(this.space.key(genome)) && i <= 100; i++) genome = make(i);
    this.seen.add(this.space.key(genome));
    return { trial: this.trial++, genome, parents };
  }

  ask(n: number): Proposal<G>[] {
    const o = this.options;
    const out: Proposal<G>[] = [];
    while (out.length < n && this.initialised < o.populationSize) {
      this.initialised++;
      out.push(this.propose(initialMaker(this.space, o.init, this.rng), []));
    }
    while (out.length < n && this.population.length > 0) {
      const weights = simplexWeights(this.directions?.length ?? 1, this.rng);
      const [parent] = o.select(this.scored(weights), 1, this.rng) as [Scored<G>];
      out.push(this.propose(() => this.space.mutate(parent.proposal.genome, this.rng), [parent.proposal.trial]));
    }
    return out;
  }

  tell(results: readonly Told<G>[]): void {
    for (const r of results) {
      this.directions ??= defaultDirections(r.objectives?.length ?? 1);
      const f = minimised('Scalarised.tell', r, this.directions);
      this.points.set(r.proposal.trial, f);
      if (f && r.violation <= 0) {
        this.lo = f.map((v, i) => Math.min(v, this.lo[i] ?? Infinity));
        this.hi = f.map((v, i) => Math.max(v, this.hi[i] ?? -Infinity));
      }
      this.population.push(r);
      if (this.population.length > this.options.populationSize) {
        const equal = this.directions.map(() => 1 / (this.directions as readonly Direction[]).length);
        const kept = new Set(this.options.survive(this.scored(equal), this.options.populationSize, this.rng).map((s) => s.proposal.trial));
        for (const t of this.population) if (!kept.has(t.proposal.trial)) this.points.delete(t.proposal.trial);
        this.population = this.population.filter((t) => kept.has(t.proposal.trial));
      }
    }
  }
}
