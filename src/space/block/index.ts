import type { ArchGraph } from '../../arch/types.js';
import type { Rng } from '../../util/rng.js';
import { throwIfIssues } from '../categorical.js';
import type { InitKind, Issue, SearchSpace } from '../types.js';
import { crossoverBlocks, repairStrides } from './crossover.js';
import { fieldOf, makeBlock, type Block } from './fields.js';
import { mutateBlocks } from './mutate.js';
import { blockNetwork } from './network.js';
import { blockConfig, type BlockConfig, type BlockOptions } from './options.js';
import { sampleBlocks, seedBlocks } from './sample.js';
import { validateBlocks } from './validate.js';

export { BLOCK_TYPES, fieldChoices, type Block, type BlockType, type ConvBlock, type DenseBlock, type MBConvBlock, type ResBlock } from './fields.js';
export { BLOCK_CHANNELS, type BlockConfig, type BlockOptions } from './options.js';
export { repairStrides } from './crossover.js';

/** A block genome: 1 to maxBlocks blocks, applied in order to the input. */
export type BlockGenome = readonly Block[];

/** A copy of a block with its fields in their stable order (a block read from JSON may list them in any order). */
const copyBlock = (block: Block): Block => makeBlock(block.type, (f) => fieldOf(block, f) as number);

/**
 * A variable-length space of blocks (the survey's block-based family: ConvBlock, ResNet's basic block, DenseNet's
 * dense block, MobileNetV2's inverted residual), each declaring its output channels and stride, followed by global
 * average pooling and a dense head. No `decisions`: genomes differ in length. Mutation adds, removes or changes a
 * block; crossover is one-point at block boundaries, then caps the stride-2 blocks. The key is JSON with sorted keys.
 */
export class BlockSpace implements SearchSpace<BlockGenome> {
  readonly name = 'block';
  readonly config: BlockConfig;

  /** Throws SpaceError naming a bad option. */
  constructor(options: BlockOptions = {}) {
    this.config = blockConfig(options);
  }

  sample(rng: Rng): BlockGenome {
    return sampleBlocks(rng, this.config);
  }

  /** trivial: one 3x3 ConvBlock with the fewest channels; rich: a ResNet-8-like or MobileNetV2-like list. */
  initial(kind: InitKind, rng: Rng): BlockGenome {
    if (kind === 'random') return this.sample(rng);
    return repairStrides(seedBlocks(kind, rng, this.config), this.config);
  }

  mutate(genome: BlockGenome, rng: Rng): BlockGenome {
    return mutateBlocks(genome, rng, this.config);
  }

  crossover(a: BlockGenome, b: BlockGenome, rng: Rng): BlockGenome {
    return crossoverBlocks(a, b, rng, this.config);
  }

  decode(genome: BlockGenome): ArchGraph {
    throwIfIssues(this.validate(genome));
    return blockNetwork(genome, this.config);
  }

  validate(genome: unknown): readonly Issue[] {
    return validateBlocks(genome, this.config);
  }

  key(genome: BlockGenome): string {
    return JSON.stringify(genome.map((b) => Object.fromEntries(Object.entries(b).sort(([x], [y]) => (x < y ? -1 : 1)))));
  }

  toJSON(genome: BlockGenome): Block[] {
    return genome.map(copyBlock);
  }

  /** Reads a list of blocks; throws SpaceError naming the block index and field of every problem. */
  fromJSON(json: unknown): BlockGenome {
    throwIfIssues(this.validate(json));
    return (json as Block[]).map(copyBlock);
  }
}
