import type { Rng } from '../../util/rng.js';
import { BLOCK_TYPES, fieldChoices, makeBlock, type Block, type BlockType } from './fields.js';
import type { BlockConfig } from './options.js';

/** A uniform block of `type` (uniform type when absent); stride 1 when `stride2` is false (the reduction cap is hit). */
export function randomBlock(rng: Rng, config: BlockConfig, stride2: boolean, type: BlockType = rng.pick(BLOCK_TYPES)): Block {
  const values = new Map(fieldChoices(type, config).map(([f, choices]) => [f, rng.pick(choices)]));
  if (!stride2) values.set('stride', 1);
  return makeBlock(type, (f) => values.get(f) as number);
}

/** A uniform length in [1, maxBlocks], then uniform blocks in order, stride 1 once maxReductions stride-2 blocks exist. */
export function sampleBlocks(rng: Rng, config: BlockConfig): Block[] {
  const length = rng.int(1, config.maxBlocks);
  const out: Block[] = [];
  let reductions = 0;
  for (let i = 0; i < length; i++) {
    const block = randomBlock(rng, config, reductions < config.maxReductions);
    if (block.stride === 2) reductions++;
    out.push(block);
  }
  return out;
}

/** The allowed channel count nearest to `c` (seeds name channels that a custom list may lack). */
const nearest = (config: BlockConfig, c: number): number =>
  config.channels.reduce((best, v) => (Math.abs(v - c) < Math.abs(best - c) ? v : best), config.channels[0] as number);

/** Seeds of `initial('rich')`: a ResNet-8-like and a MobileNetV2-like list, both with a stride-2 stem (about 2 M MACs). */
const RICH: readonly (readonly Block[])[] = [
  [{ type: 'conv', kernel: 3, stride: 2, channels: 16 }, { type: 'res', stride: 1, channels: 16 },
    { type: 'res', stride: 2, channels: 24 }, { type: 'res', stride: 2, channels: 32 }],
  [{ type: 'conv', kernel: 3, stride: 2, channels: 16 }, { type: 'mbconv', expand: 1, kernel: 3, stride: 1, channels: 16 },
    { type: 'mbconv', expand: 6, kernel: 3, stride: 2, channels: 24 }, { type: 'mbconv', expand: 6, kernel: 3, stride: 1, channels: 24 },
    { type: 'mbconv', expand: 6, kernel: 3, stride: 2, channels: 32 }, { type: 'mbconv', expand: 6, kernel: 3, stride: 1, channels: 32 }],
];

/**
 * trivial: one 3x3 ConvBlock with the fewest channels; rich: a seed of RICH, its channels mapped to the nearest allowed
 * value, cut to maxBlocks and its strides capped. Returns blocks that may still need `repairStrides`.
 */
export function seedBlocks(kind: 'trivial' | 'rich', rng: Rng, config: BlockConfig): Block[] {
  if (kind === 'trivial') return [{ type: 'conv', kernel: 3, stride: 1, channels: config.channels[0] as number }];
  return rng.pick(RICH).slice(0, config.maxBlocks).map((b) => ({ ...b, channels: nearest(config, b.channels) }));
}
