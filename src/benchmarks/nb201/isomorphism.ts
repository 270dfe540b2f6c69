import { canonicalHash } from '../../arch/hash.js';
import { Nb201Space, toArchString, type Nb201Genome } from '../../space/nb201/index.js';

/**
 * The canonical hash (src/arch/hash.ts) of every one of the 5^6 NB201 cells' decoded network, by architecture string:
 * isomorphic cells (same function, e.g. differing only in edges cut off by 'none') share a hash. Decodes all 15,625
 * networks, about 10 s on one core, so compute it once and share it.
 */
export function canonicalCellHashes(): Map<string, string> {
  const space = new Nb201Space();
  const out = new Map<string, string>();
  for (let code = 0; code < 5 ** 6; code++) {
    const genome = Array.from({ length: 6 }, (_, e) => Math.floor(code / 5 ** e) % 5);
    out.set(toArchString(genome), canonicalHash(space.decode(genome)));
  }
  return out;
}

/**
 * The NB201 space keyed by the canonical graph hash instead of the architecture string, so a strategy's dedup never
 * pays for a cell isomorphic to one it already proposed.
 */
export class IsomorphismKeyedNb201Space extends Nb201Space {
  constructor(private readonly hashes: ReadonlyMap<string, string>) {
    super('cifar10');
  }

  override key(genome: Nb201Genome): string {
    const arch = toArchString(genome);
    return this.hashes.get(arch) ?? arch;
  }
}
