import { SpaceError } from '../../errors.js';

/** The five NAS-Bench-201 edge operations, in the benchmark's order. */
export const NB201_OPS = ['none', 'skip_connect', 'nor_conv_1x1', 'nor_conv_3x3', 'avg_pool_3x3'] as const;
/** One NAS-Bench-201 edge operation. */
export type Nb201Op = (typeof NB201_OPS)[number];

/** The six edges of the cell as (from, to) node pairs, in the order of the architecture string. */
export const NB201_EDGES: readonly (readonly [number, number])[] = [[0, 1], [0, 2], [1, 2], [0, 3], [1, 3], [2, 3]];

/** The standard NB201 architecture string of a genome: `|op~0|+|op~0|op~1|+|op~0|op~1|op~2|`. */
export function toArchString(genome: readonly number[]): string {
  const op = (i: number) => `${NB201_OPS[genome[i] as number]}~${(NB201_EDGES[i] as readonly [number, number])[0]}`;
  return `|${op(0)}|+|${op(1)}|${op(2)}|+|${op(3)}|${op(4)}|${op(5)}|`;
}

/** Parses an NB201 architecture string into a genome; throws SpaceError naming the bad part. */
export function fromArchString(arch: string): number[] {
  const parts = arch.replace(/^\||\|$/g, '').split('|+|').map((n) => n.split('|'));
  const flat = parts.flat();
  if (parts.length !== 3 || parts.some((p, i) => p.length !== i + 1)) {
    throw new SpaceError(`nb201: architecture string must have 3 nodes with 1, 2 and 3 edges (|op~0|+|op~0|op~1|+|op~0|op~1|op~2|); got ${JSON.stringify(arch)}.`);
  }
  return flat.map((e, i) => {
    const [op, src] = e.split('~');
    const at = NB201_OPS.indexOf(op as Nb201Op);
    if (at < 0) throw new SpaceError(`nb201: edge ${i} op must be one of ${NB201_OPS.join(', ')}; got ${JSON.stringify(op)} in ${JSON.stringify(arch)}.`);
    if (Number(src) !== (NB201_EDGES[i] as readonly [number, number])[0]) {
      throw new SpaceError(`nb201: edge ${i} must come from node ${(NB201_EDGES[i] as readonly [number, number])[0]}; got ~${src} in ${JSON.stringify(arch)}.`);
    }
    return at;
  });
}
