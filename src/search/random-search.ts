import type { SearchSpace } from '../space/types.js';
import { Rng } from '../util/rng.js';
import type { Proposal, Strategy, Told } from './types.js';

/** Random search, the baseline: every proposal is a uniform sample of the space. */
export class RandomSearch<G> implements Strategy<G> {
  readonly name = 'random';
  private readonly rng: Rng;
  private trial = 0;

  constructor(private readonly space: SearchSpace<G>, options: { seed?: number } = {}) {
    this.rng = new Rng(options.seed ?? 0);
  }

  ask(n: number): Proposal<G>[] {
    return Array.from({ length: n }, () => ({ trial: this.trial++, genome: this.space.sample(this.rng), parents: [] }));
  }

  tell(_results: readonly Told<G>[]): void {}
}
