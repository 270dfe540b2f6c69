import type { ArchGraph } from '../../arch/types.js';
import type { Rng } from '../../util/rng.js';
import { crossoverChoices, mutateChoices, sampleChoices, throwIfIssues, validateChoices } from '../categorical.js';
import type { Decision, InitKind, Issue, SearchSpace } from '../types.js';
import { cellDecisions, cellKey, fromGenotype, toGenotype, type CellGenotype } from './genotype.js';
import { cellNetwork } from './network.js';
import type { CellOp } from './ops.js';
import { cellConfig, type CellConfig, type CellOptions } from './options.js';

export { CELL_KINDS, cellEdges, edgeIndex, toGenotype, fromGenotype, type CellEdges, type CellGenotype, type CellKind } from './genotype.js';
export { CELL_OPS, type CellOp } from './ops.js';
export { CELL_DEFAULTS, type CellConfig, type CellOptions } from './options.js';

/** A cell genome: per cell (normal, then reduce), per node, per edge a/b: an input index, then an op index. */
export type CellGenome = readonly number[];

type Edge = readonly [CellOp, number];
/** DARTS V1 and V2 (Liu et al. 2019, genotypes.py), with dil_conv_3x3 replaced by sep_conv_5x5 (see CELL_OPS). */
const RICH: readonly { normal: readonly Edge[]; reduce: readonly Edge[] }[] = [
  {
    normal: [['sep_conv_3x3', 1], ['sep_conv_3x3', 0], ['skip_connect', 0], ['sep_conv_3x3', 1], ['skip_connect', 0], ['sep_conv_3x3', 1], ['sep_conv_3x3', 0], ['skip_connect', 2]],
    reduce: [['max_pool_3x3', 0], ['max_pool_3x3', 1], ['skip_connect', 2], ['max_pool_3x3', 0], ['max_pool_3x3', 0], ['skip_connect', 2], ['skip_connect', 2], ['avg_pool_3x3', 0]],
  },
  {
    normal: [['sep_conv_3x3', 0], ['sep_conv_3x3', 1], ['sep_conv_3x3', 0], ['sep_conv_3x3', 1], ['sep_conv_3x3', 1], ['skip_connect', 0], ['skip_connect', 0], ['sep_conv_5x5', 2]],
    reduce: [['max_pool_3x3', 0], ['max_pool_3x3', 1], ['skip_connect', 2], ['max_pool_3x3', 1], ['max_pool_3x3', 0], ['skip_connect', 2], ['skip_connect', 2], ['max_pool_3x3', 1]],
  },
];

/**
 * A NASNet/DARTS-style micro space (Zoph et al. 2018; Liu et al. 2019): one normal and one reduction cell, each of
 * B intermediate nodes that add two ops on two earlier states, stacked in a small macro skeleton (see `cellNetwork`).
 * Genomes serialise as DARTS genotypes; the key sorts the two edges of each node, since their sum does not depend on
 * the order. With `stages: 1` there is no reduction cell, so its decisions do not change the network.
 */
export class CellSpace implements SearchSpace<CellGenome> {
  readonly name = 'cell';
  readonly decisions: readonly Decision[];
  readonly config: CellConfig;

  /** Throws SpaceError naming a bad option. */
  constructor(options: CellOptions = {}) {
    this.config = cellConfig(options);
    this.decisions = cellDecisions(this.config.nodes);
  }

  sample(rng: Rng): CellGenome {
    return sampleChoices(this.decisions, rng);
  }

  /**
   * trivial: each node is a skip of the previous state plus a zero, so cells cost nothing but their input
   * projections; rich: DARTS V1 or V2, cut or extended (sep_conv_3x3 of c_{k-1} + skip of the previous node) to B nodes.
   */
  initial(kind: InitKind, rng: Rng): CellGenome {
    if (kind === 'random') return this.sample(rng);
    const nodes = this.config.nodes;
    const extra = (k: number): Edge[] => [['sep_conv_3x3', 1], ['skip_connect', k + 1]];
    const rich = rng.pick(RICH);
    const cell = (edges: readonly Edge[]): Edge[] => Array.from({ length: nodes }, (_, k): Edge[] => {
      if (kind === 'trivial') return [['skip_connect', k + 1], ['none', 0]];
      return k < 4 ? [edges[2 * k] as Edge, edges[2 * k + 1] as Edge] : extra(k);
    }).flat();
    return fromGenotype({ normal: cell(rich.normal), reduce: cell(rich.reduce) }, nodes);
  }

  mutate(genome: CellGenome, rng: Rng): CellGenome {
    return mutateChoices(this.decisions, genome, rng);
  }

  /** Uniform crossover per decision. */
  crossover(a: CellGenome, b: CellGenome, rng: Rng): CellGenome {
    return crossoverChoices(a, b, rng);
  }

  decode(genome: CellGenome): ArchGraph {
    throwIfIssues(this.validate(genome));
    return cellNetwork(genome, this.config);
  }

  validate(genome: unknown): readonly Issue[] {
    return validateChoices(this.name, this.decisions, genome);
  }

  key(genome: CellGenome): string {
    return cellKey(genome, this.config.nodes);
  }

  toJSON(genome: CellGenome): CellGenotype {
    return toGenotype(genome, this.config.nodes);
  }

  /** Reads a genotype (or an array of choice indices); throws SpaceError naming the bad part. */
  fromJSON(json: unknown): CellGenome {
    const genome = Array.isArray(json) ? json : fromGenotype(json, this.config.nodes);
    throwIfIssues(this.validate(genome));
    return [...(genome as number[])];
  }
}
