import { createHash } from 'node:crypto';
import type { ArchGraph, OpKind } from './types.js';

/** Ops whose inputs are unordered: their canonical form sorts the input hashes. */
const commutative: ReadonlySet<OpKind> = new Set<OpKind>(['add']);

function canonicalAttrs(attrs: object): string {
  return JSON.stringify(Object.keys(attrs).sort().map((k) => [k, (attrs as Record<string, unknown>)[k]]));
}

/**
 * A canonical hash of the computation a graph performs: a Merkle hash from the output back to the input over
 * (kind, attributes, input hashes), with the inputs of commutative ops (add) sorted. Node ids and nodes that do not
 * reach the output do not count, so isomorphic graphs get the same value. Hex SHA-256, 64 characters.
 */
export function canonicalHash(graph: ArchGraph): string {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const memo = new Map<string, string>();
  for (const node of graph.nodes) {
    const ins = node.inputs.map((id) => memo.get(id) as string);
    if (commutative.has(node.kind)) ins.sort();
    const text = node.kind === 'input' ? `input${JSON.stringify(graph.inputShape)}` : `${node.kind}|${canonicalAttrs(node.attrs)}|${ins.join(',')}`;
    memo.set(node.id, createHash('sha256').update(text).digest('hex'));
  }
  return byId.has(graph.output) ? (memo.get(graph.output) as string) : '';
}
