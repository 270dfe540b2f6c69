import type { Rng } from '../../util/rng.js';
import { BLOCK_TYPES, fieldChoices, fieldOf, makeBlock, type Block } from './fields.js';
import type { BlockConfig } from './options.js';
import { randomBlock } from './sample.js';
import { reductionsOf } from './validate.js';

/** The values a field of block i may change to: any other allowed value, but stride 2 only below the reduction cap. */
function alternatives(blocks: readonly Block[], i: number, field: string, choices: readonly number[], config: BlockConfig): number[] {
  const current = fieldOf(blocks[i] as Block, field);
  const capped = reductionsOf(blocks).length >= config.maxReductions;
  return choices.filter((v) => v !== current && !(field === 'stride' && v === 2 && capped));
}

/** Changes one field of block i: its type (keeping stride and channels, other fields drawn anew) or one parameter. */
function changeBlock(blocks: readonly Block[], i: number, rng: Rng, config: BlockConfig): Block {
  const block = blocks[i] as Block;
  const options = fieldChoices(block.type, config)
    .map(([field, choices]) => [field, alternatives(blocks, i, field, choices, config)] as const)
    .filter(([, alts]) => alts.length > 0);
  // A type change is always possible, so it is one more option beside the parameters that can change.
  const pick = rng.int(0, options.length);
  if (pick === options.length) {
    const fresh = randomBlock(rng, config, false, rng.pick(BLOCK_TYPES.filter((t) => t !== block.type)));
    return makeBlock(fresh.type, (f) => (f === 'stride' || f === 'channels' ? fieldOf(block, f) : fieldOf(fresh, f)) as number);
  }
  const [field, alts] = options[pick] as readonly [string, number[]];
  const value = rng.pick(alts);
  return makeBlock(block.type, (f) => (f === field ? value : fieldOf(block, f)) as number);
}

/**
 * One of: add a random block at a random place (below maxBlocks), remove one (above 1 block), or change one field of
 * one block, each as likely as the others where allowed. The result always differs from the input and keeps the
 * stride cap, so no repair is needed.
 */
export function mutateBlocks(blocks: readonly Block[], rng: Rng, config: BlockConfig): Block[] {
  const kinds = [...(blocks.length < config.maxBlocks ? ['add'] : []), ...(blocks.length > 1 ? ['remove'] : []), 'change'];
  const kind = rng.pick(kinds);
  const out = [...blocks];
  if (kind === 'add') {
    const block = randomBlock(rng, config, reductionsOf(blocks).length < config.maxReductions);
    out.splice(rng.int(0, blocks.length), 0, block);
  } else if (kind === 'remove') {
    out.splice(rng.int(0, blocks.length - 1), 1);
  } else {
    const i = rng.int(0, blocks.length - 1);
    out[i] = changeBlock(blocks, i, rng, config);
  }
  return out;
}
