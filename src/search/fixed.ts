import type { Proposal, Strategy, Told } from './types.js';

/**
 * Proposes a fixed list of genomes once each, in order, then nothing: how a search whose architecture was chosen by
 * other means (differentiable search) is still evaluated, stored and resumed like any other.
 */
export class FixedProposals<G> implements Strategy<G> {
  readonly name = 'fixed';
  private next = 0;

  constructor(private readonly genomes: readonly G[]) {}

  ask(n: number): Proposal<G>[] {
    const out: Proposal<G>[] = [];
    while (out.length < n && this.next < this.genomes.length) {
      out.push({ trial: this.next, genome: this.genomes[this.next] as G, parents: [] });
      this.next++;
    }
    return out;
  }

  tell(_results: readonly Told<G>[]): void {}
}
