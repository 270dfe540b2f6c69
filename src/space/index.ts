import { SpaceError } from '../errors.js';
import { BlockSpace } from './block/index.js';
import { CellSpace } from './cell/index.js';
import { ChainSpace } from './chain/index.js';
import { McunetSpace } from './mcunet/index.js';
import { MnasnetSpace } from './mnasnet/index.js';
import { MultiBranchSpace } from './multi-branch/index.js';
import { Nb201Space } from './nb201/index.js';
import type { SearchSpace } from './types.js';

export type { Decision, InitKind, Issue, SearchSpace } from './types.js';

/** A search space of unknown genome type, as the CLI and the study store handle them. */
export type AnySpace = SearchSpace<unknown>;

/**
 * Forgets a space's genome type. Sound because callers only pass a space's own genomes back to it (from its own
 * sample/mutate/fromJSON); TypeScript cannot see that, hence the one cast.
 */
function erase<G>(space: SearchSpace<G>): AnySpace {
  return space as unknown as AnySpace;
}

/** Every search space by name, each built with its defaults, with a one-line description. */
export const spaceCatalog: { readonly [name: string]: { readonly describe: string; readonly make: () => AnySpace } } = {
  chain: { describe: 'chain-structured, variable length: conv / depthwise / pool layers and dense layers (uNAS-style morphisms)', make: () => erase(new ChainSpace()) },
  nb201: { describe: 'NAS-Bench-201 cell (6 edges x 5 ops) in the NB201 macro skeleton, CIFAR-10 head', make: () => erase(new Nb201Space()) },
  mnasnet: { describe: "MnasNet's factorised hierarchical space: per stage op, kernel, skip, layers and width", make: () => erase(new MnasnetSpace()) },
  'multi-branch': { describe: 'Genetic-CNN stages (8/16/32 channels): binary connection bits decide which earlier conv nodes each node sums', make: () => erase(new MultiBranchSpace({ baseChannels: 8 })) },
  cell: { describe: 'NASNet/DARTS micro cell (normal + reduction) in a configurable macro skeleton', make: () => erase(new CellSpace()) },
  block: { describe: 'variable-length lists of ConvBlock, ResBlock, DenseBlock and MBConv blocks with repaired channels', make: () => erase(new BlockSpace()) },
  mcunet: { describe: "MCUNet's MobileNetV2-style elastic space (kernel 3/5/7, expand 3/4/6, depth 2-4; width 0.5, 64x64 input)", make: () => erase(new McunetSpace()) },
};

/** The space called `name`; throws SpaceError listing the known names. */
export function spaceByName(name: string): AnySpace {
  const entry = spaceCatalog[name];
  if (!entry) throw new SpaceError(`space: name must be one of ${Object.keys(spaceCatalog).join(', ')}; got ${JSON.stringify(name)}.`);
  return entry.make();
}

/**
 * A space for a dataset's input shape and class count. Only spaces whose skeleton adapts to any input can take one:
 * chain, mnasnet, block, cell, multi-branch and mcunet; throws SpaceError for nb201.
 */
export function spaceForData(name: string, inputShape: readonly number[], classes: number, options: { readonly width?: number } = {}): AnySpace {
  const shape = inputShape as readonly [number, number, number];
  if (options.width !== undefined && name !== 'mcunet') throw new SpaceError(`space ${name}: a width multiplier (spaceWidth, --space-width) applies to the mcunet space only; got ${options.width} with '${name}'. Drop it, or use --space mcunet.`);
  if (inputShape.length !== 3) throw new SpaceError(`space ${name}: input must be an image [height, width, channels]; got [${inputShape.join(', ')}].`);
  if (name === 'chain') return erase(new ChainSpace({ inputShape: shape, classes }));
  if (name === 'mnasnet') return erase(new MnasnetSpace({ inputShape: shape, classes }));
  if (name === 'block') return erase(new BlockSpace({ inputShape: shape, classes }));
  if (name === 'cell') return erase(new CellSpace({ inputShape: shape, classes }));
  if (name === 'multi-branch') return erase(new MultiBranchSpace({ inputShape: shape, classes, baseChannels: 8 }));
  if (name === 'mcunet') return erase(new McunetSpace({ resolution: shape[0], ...(shape[1] !== shape[0] && { columns: shape[1] }), channels: shape[2], classes, ...(options.width !== undefined && { width: options.width }) }));
  spaceByName(name);
  throw new SpaceError(`space ${name}: a search on your data must use a space that adapts to its input (chain, mnasnet, block, cell, multi-branch, mcunet); got ${JSON.stringify(name)}, whose skeleton is fixed.`);
}
