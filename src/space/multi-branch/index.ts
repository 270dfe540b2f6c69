import type { ArchGraph } from '../../arch/types.js';
import type { Rng } from '../../util/rng.js';
import { crossoverChoices, mutateChoices, sampleChoices, throwIfIssues, validateChoices } from '../categorical.js';
import type { Decision, InitKind, Issue, SearchSpace } from '../types.js';
import { bitIndex, bitsPerStage, fromCode, multiBranchDecisions, toCode } from './encoding.js';
import { multiBranchNetwork } from './network.js';
import { multiBranchConfig, type MultiBranchConfig, type MultiBranchOptions } from './options.js';

export { MULTI_BRANCH_DEFAULTS, type MultiBranchConfig, type MultiBranchOptions } from './options.js';
export { stageWiring, type StageWiring } from './stage.js';

/** A multi-branch genome: one bit (0 or 1) per connection, stage by stage, in `decisions` order. */
export type MultiBranchGenome = readonly number[];

/** Wiring patterns that seed `initial('rich')`: each bit (i, j) is set when the pattern says so. */
const RICH: readonly ((i: number, j: number) => boolean)[] = [
  (i, j) => j === i + 1, // a plain chain (VGG-like)
  (i, j) => j === i + 1 || j === i + 2, // a chain with skips over pairs of nodes (ResNet-like)
  () => true, // every node feeds every later one (DenseNet-like)
];

/**
 * The Genetic CNN space (Xie & Yuille 2017): a fixed number of stages, each a DAG of K conv nodes encoded by
 * K(K-1)/2 connection bits; a node sums its predecessors' outputs. Unlike the paper, the default input and output
 * nodes do no convolution (they route and sum), and the head is global average pooling + dense. Genomes serialise
 * as the paper's bit string ("1-01-011|...") and the key is that string.
 */
export class MultiBranchSpace implements SearchSpace<MultiBranchGenome> {
  readonly name = 'multi-branch';
  readonly decisions: readonly Decision[];
  readonly config: MultiBranchConfig;

  /** Throws SpaceError naming a bad option. */
  constructor(options: MultiBranchOptions = {}) {
    this.config = multiBranchConfig(options);
    this.decisions = multiBranchDecisions(this.config.stages, this.config.nodesPerStage);
  }

  sample(rng: Rng): MultiBranchGenome {
    return sampleChoices(this.decisions, rng);
  }

  /** trivial: no connections (one conv per stage); rich: a chain, a chain with skips, or all connections. */
  initial(kind: InitKind, rng: Rng): MultiBranchGenome {
    if (kind === 'random') return this.sample(rng);
    const nodes = this.config.nodesPerStage;
    const stage = new Array<number>(bitsPerStage(nodes)).fill(0);
    if (kind === 'rich') {
      const on = rng.pick(RICH);
      for (let j = 1; j < nodes; j++) for (let i = 0; i < j; i++) stage[bitIndex(i, j)] = on(i, j) ? 1 : 0;
    }
    return Array.from({ length: this.config.stages }, () => stage).flat();
  }

  mutate(genome: MultiBranchGenome, rng: Rng): MultiBranchGenome {
    return mutateChoices(this.decisions, genome, rng);
  }

  crossover(a: MultiBranchGenome, b: MultiBranchGenome, rng: Rng): MultiBranchGenome {
    return crossoverChoices(a, b, rng);
  }

  decode(genome: MultiBranchGenome): ArchGraph {
    throwIfIssues(this.validate(genome));
    return multiBranchNetwork(genome, this.config);
  }

  validate(genome: unknown): readonly Issue[] {
    return validateChoices(this.name, this.decisions, genome);
  }

  key(genome: MultiBranchGenome): string {
    return toCode(genome, this.config.stages, this.config.nodesPerStage);
  }

  toJSON(genome: MultiBranchGenome): string {
    return this.key(genome);
  }

  /** Reads the bit string of `toJSON` or an array of bits; throws SpaceError naming the problem. */
  fromJSON(json: unknown): MultiBranchGenome {
    if (typeof json === 'string') return fromCode(json, this.config.stages, this.config.nodesPerStage);
    throwIfIssues(this.validate(json));
    return [...(json as number[])];
  }
}
