import { SpaceError } from '../../errors.js';
import type { Decision } from '../types.js';
import { CELL_OPS, type CellOp } from './ops.js';

/** The two cell types; the genome holds the normal cell first. */
export const CELL_KINDS = ['normal', 'reduce'] as const;
/** A cell type. */
export type CellKind = (typeof CELL_KINDS)[number];

/**
 * A DARTS genotype: per cell 2B (op, input) pairs, two per intermediate node, where input 0 is c_{k-2}, 1 is c_{k-1}
 * and 2 + j is intermediate node j (DARTS's numbering of states).
 */
export interface CellGenotype {
  readonly normal: readonly (readonly [CellOp, number])[];
  readonly reduce: readonly (readonly [CellOp, number])[];
}

/** Genome position of (cell, node k, edge e in {0, 1}): the input index, followed by the op index. */
export const edgeIndex = (nodes: number, cell: number, k: number, e: number): number => cell * 4 * nodes + 4 * k + 2 * e;

const inputName = (i: number): string => (i === 0 ? 'c_{k-2}' : i === 1 ? 'c_{k-1}' : `node ${i}`);

/** Per cell, per node (named by its DARTS state index 2..B+1), per edge a/b: an input decision then an op decision. */
export function cellDecisions(nodes: number): Decision[] {
  const out: Decision[] = [];
  for (const cell of CELL_KINDS) {
    for (let k = 0; k < nodes; k++) {
      const inputs = Array.from({ length: k + 2 }, (_, i) => inputName(i));
      for (const e of ['a', 'b']) {
        out.push({ name: `${cell} node ${k + 2} input ${e}`, choices: inputs });
        out.push({ name: `${cell} node ${k + 2} op ${e}`, choices: CELL_OPS });
      }
    }
  }
  return out;
}

/** The edges of one cell of a valid genome: per node, its two (input, op) pairs. */
export type CellEdges = readonly (readonly [readonly [number, CellOp], readonly [number, CellOp]])[];

/** The edges of cell `cell` (0 normal, 1 reduce) of a valid genome. */
export function cellEdges(genome: readonly number[], nodes: number, cell: number): CellEdges {
  const edge = (k: number, e: number): readonly [number, CellOp] => {
    const at = edgeIndex(nodes, cell, k, e);
    return [genome[at] as number, CELL_OPS[genome[at + 1] as number] as CellOp];
  };
  return Array.from({ length: nodes }, (_, k) => [edge(k, 0), edge(k, 1)] as const);
}

/** The genotype of a valid genome. */
export function toGenotype(genome: readonly number[], nodes: number): CellGenotype {
  const edges = (cell: number) => cellEdges(genome, nodes, cell).flatMap((pair) => pair.map(([input, op]) => [op, input] as const));
  return { normal: edges(0), reduce: edges(1) };
}

function edgeFromJSON(value: unknown, nodes: number, where: string, k: number): [number, number] {
  const op = Array.isArray(value) ? CELL_OPS.indexOf(value[0] as CellOp) : -1;
  const input = Array.isArray(value) ? value[1] : undefined;
  if (!Array.isArray(value) || value.length !== 2 || op < 0 || !Number.isInteger(input) || (input as number) < 0 || (input as number) > k + 1) {
    throw new SpaceError(`cell: ${where} must be [op, input] with op one of ${CELL_OPS.join(', ')} and input an integer in [0, ${k + 1}] (${nodes} nodes); got ${JSON.stringify(value)}.`);
  }
  return [input as number, op];
}

/** Reads a genotype into a genome; throws SpaceError naming the bad cell or edge. */
export function fromGenotype(json: unknown, nodes: number): number[] {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new SpaceError(`cell: genotype must be an object { normal, reduce } or an array of choice indices; got ${JSON.stringify(json)}.`);
  }
  const obj = json as Record<string, unknown>;
  const extra = Object.keys(obj).filter((k) => !(CELL_KINDS as readonly string[]).includes(k));
  if (extra.length > 0) throw new SpaceError(`cell: genotype keys must be normal and reduce; got extra ${JSON.stringify(extra)}.`);
  return CELL_KINDS.flatMap((cell) => {
    const edges = obj[cell];
    if (!Array.isArray(edges) || edges.length !== 2 * nodes) {
      throw new SpaceError(`cell: genotype.${cell} must be a list of ${2 * nodes} [op, input] pairs (2 per node); got ${JSON.stringify(edges)}.`);
    }
    return edges.flatMap((e: unknown, n) => edgeFromJSON(e, nodes, `genotype.${cell}[${n}]`, n >> 1));
  });
}

/** A canonical key: the genotype with each node's two edges sorted (add is commutative), as JSON. */
export function cellKey(genome: readonly number[], nodes: number): string {
  const g = toGenotype(genome, nodes);
  const canon = (edges: CellGenotype['normal']) => Array.from({ length: nodes }, (_, k) => [edges[2 * k], edges[2 * k + 1]].map((e) => JSON.stringify(e)).sort().join(','));
  return `{"normal":[${canon(g.normal).join(',')}],"reduce":[${canon(g.reduce).join(',')}]}`;
}
