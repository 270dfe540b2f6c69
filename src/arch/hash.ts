import { createHash } from 'node:crypto';
import type { ArchGraph, OpKind } from './types.js';

/** Ops whose inputs are unordered: their canonical form sorts the input hashes. */
const commutative: ReadonlySet<OpKind> = new Set<OpKind>(['add']);
const ZERO = 'zero';

/** Ops that map an all-zero input to an all-zero output (no bias, no offset), so zero passes through them exactly. */
export function preservesZero(node: ArchGraph['nodes'][number]): boolean {
  switch (node.kind) {
    case 'activation': return node.attrs.fn === 'relu' || node.attrs.fn === 'relu6' || node.attrs.fn === 'hardSwish';
    case 'conv2d': case 'depthwiseConv2d': case 'dense': return !node.attrs.useBias;
    case 'maxPool': case 'avgPool': case 'globalAvgPool': case 'flatten': case 'zeroPad': return true;
    default: return false;
  }
}

function canonicalAttrs(attrs: object): string {
  return JSON.stringify(Object.keys(attrs).sort().map((k) => [k, (attrs as Record<string, unknown>)[k]]));
}

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * A canonical hash of the computation a graph performs: a Merkle hash from the input to the output over
 * (kind, attributes, input hashes). Exact identities are applied first, so graphs that compute the same function
 * by the same ops hash equal: an `identity` is its input, a `zero` is the zero tensor whatever its input, an op that
 * maps zero to zero (ReLU, pools, convs without bias) of a zero tensor is zero, and an `add` drops zero inputs and
 * sorts the rest (an add of one input is that input; of none, zero). Batch norm of zero is not zero (it adds its
 * offset), so it is not simplified. Node ids and nodes that do not reach the output do not count (dead code).
 * Hex SHA-256, 64 characters.
 */
export function canonicalHash(graph: ArchGraph): string {
  const memo = new Map<string, string>();
  for (const node of graph.nodes) {
    let ins = node.inputs.map((id) => memo.get(id) as string);
    let h: string;
    if (node.kind === 'input') h = sha(`input${JSON.stringify(graph.inputShape)}`);
    else if (node.kind === 'identity') h = ins[0] as string;
    else if (node.kind === 'zero' || (preservesZero(node) && ins.every((x) => x.startsWith(ZERO)))) h = `${ZERO}${JSON.stringify(node.shape)}`;
    else {
      if (node.kind === 'add') ins = ins.filter((x) => !x.startsWith(ZERO));
      if (commutative.has(node.kind)) ins.sort();
      if (node.kind === 'add' && ins.length <= 1) h = ins[0] ?? `${ZERO}${JSON.stringify(node.shape)}`;
      else h = sha(`${node.kind}|${canonicalAttrs(node.attrs)}|${ins.join(',')}`);
    }
    memo.set(node.id, h);
  }
  const out = memo.get(graph.output) ?? '';
  return out.startsWith(ZERO) ? sha(out) : out;
}
