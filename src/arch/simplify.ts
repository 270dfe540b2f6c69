import { buildGraph, type NodeSpec } from './graph.js';
import { preservesZero } from './hash.js';
import type { ArchGraph } from './types.js';

/**
 * The same computation without `zero` nodes: a node is zero when it is a `zero` op or maps all-zero inputs to zero
 * (see preservesZero); adds drop zero inputs, and an add left with one input becomes that input. Cell and NB201
 * networks use `zero` edges; deployment has no such op. Returns the graph itself when nothing is zero. A zero value
 * that reaches an op which does not absorb it (a concat, a batch norm, the output) stays, for the caller to refuse.
 */
export function eliminateZeros(graph: ArchGraph): ArchGraph {
  const zero = new Set<string>();
  const alias = new Map<string, string>();
  const resolve = (id: string): string => alias.get(id) ?? id;
  const specs: NodeSpec[] = [];
  for (const node of graph.nodes) {
    const inputs = node.inputs.map(resolve);
    if (node.kind === 'zero' || (node.kind !== 'input' && node.kind !== 'add' && preservesZero(node) && inputs.every((i) => zero.has(i)))) {
      zero.add(node.id);
      specs.push({ id: node.id, kind: node.kind, inputs, attrs: node.attrs } as NodeSpec);
      continue;
    }
    if (node.kind === 'add') {
      const live = inputs.filter((i) => !zero.has(i));
      if (live.length === 0) zero.add(node.id);
      if (live.length === 1) { alias.set(node.id, live[0] as string); continue; }
      specs.push({ id: node.id, kind: 'add', inputs: live.length ? live : inputs, attrs: node.attrs });
      continue;
    }
    specs.push({ id: node.id, kind: node.kind, inputs, attrs: node.attrs } as NodeSpec);
  }
  if (zero.size === 0 && alias.size === 0) return graph;
  const output = resolve(graph.output);
  const used = new Set<string>([output]);
  for (let i = specs.length - 1; i >= 0; i--) if (used.has((specs[i] as NodeSpec).id)) for (const x of (specs[i] as NodeSpec).inputs) used.add(x);
  return buildGraph(graph.inputShape, specs.filter((s, i) => i === 0 || used.has(s.id)), output);
}
