import { SpaceError } from '../errors.js';
import { ChainSpace } from './chain/index.js';
import { McunetSpace } from './mcunet/index.js';
import { MnasnetSpace } from './mnasnet/index.js';
import { Nb201Space } from './nb201/index.js';
import type { SearchSpace } from './types.js';

export type { Decision, InitKind, Issue, SearchSpace } from './types.js';

/** A search space of unknown genome type, as the CLI and the study store handle them. */
export type AnySpace = SearchSpace<unknown>;

/** Every search space by name, each built with its defaults, with a one-line description. */
export const spaceCatalog: { readonly [name: string]: { readonly describe: string; readonly make: () => AnySpace } } = {
  chain: { describe: 'chain-structured, variable length: conv / depthwise / pool layers and dense layers (uNAS-style morphisms)', make: () => new ChainSpace() as AnySpace },
  nb201: { describe: 'NAS-Bench-201 cell (6 edges x 5 ops) in the NB201 macro skeleton, CIFAR-10 head', make: () => new Nb201Space() as unknown as AnySpace },
  mnasnet: { describe: "MnasNet's factorised hierarchical space: per stage op, kernel, skip, layers and width", make: () => new MnasnetSpace() as unknown as AnySpace },
  mcunet: { describe: "MCUNet's MobileNetV2-style elastic space (kernel 3/5/7, expand 3/4/6, depth 2-4; width 0.5, 64x64 input)", make: () => new McunetSpace() as unknown as AnySpace },
};

/** The space called `name`; throws SpaceError listing the known names. */
export function spaceByName(name: string): AnySpace {
  const entry = spaceCatalog[name];
  if (!entry) throw new SpaceError(`space: name must be one of ${Object.keys(spaceCatalog).join(', ')}; got ${JSON.stringify(name)}.`);
  return entry.make();
}
