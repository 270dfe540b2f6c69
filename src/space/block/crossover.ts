import type { Rng } from '../../util/rng.js';
import type { Block } from './fields.js';
import type { BlockConfig } from './options.js';
import { reductionsOf } from './validate.js';

/**
 * Caps the stride-2 blocks at `maxReductions` by giving the last ones stride 1: early reductions are kept because
 * they make the rest of the network cheaper. Channel counts need no repair (every block declares its output channels,
 * and ResBlock projects its shortcut when they change). Returns a new list.
 */
export function repairStrides(blocks: readonly Block[], config: BlockConfig): Block[] {
  const excess = reductionsOf(blocks).slice(config.maxReductions);
  return blocks.map((b, i) => (excess.includes(i) ? { ...b, stride: 1 } : b));
}

/**
 * One-point crossover at block boundaries: the child is a's first i blocks then b's blocks from j on, with at least one
 * block of each parent and at most maxBlocks in all (with maxBlocks = 1, a copy of either parent), then stride repair.
 */
export function crossoverBlocks(a: readonly Block[], b: readonly Block[], rng: Rng, config: BlockConfig): Block[] {
  const max = config.maxBlocks;
  if (max === 1) return [...(rng.next() < 0.5 ? a : b)];
  const i = rng.int(1, Math.min(a.length, max - 1));
  // The suffix b[j:] has b.length - j blocks: at least 1 and at most max - i.
  const j = rng.int(Math.max(0, b.length - (max - i)), b.length - 1);
  return repairStrides([...a.slice(0, i), ...b.slice(j)], config);
}
