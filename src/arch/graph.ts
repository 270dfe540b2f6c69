import { ShapeError } from '../errors.js';
import { opDefs } from './ops/index.js';
import type { AnyNode, ArchGraph, AttrsOf, Node, OpDef, OpKind, Shape } from './types.js';

/** A node before shape inference: what a builder, a decoder or a JSON file provides. */
export type NodeSpec = { [K in OpKind]: { readonly id: string; readonly kind: K; readonly inputs: readonly string[]; readonly attrs: AttrsOf<K> } }[OpKind];

function defOf<K extends OpKind>(kind: K): OpDef<K> {
  return opDefs[kind] as OpDef<K>;
}

/**
 * Checks node specs and infers every shape. Nodes must come in topological order (inputs before use), ids must be
 * unique, the first node must be the only `input`. Throws ShapeError naming the node, the field and the value.
 */
export function buildGraph(inputShape: Shape, specs: readonly NodeSpec[], output?: string): ArchGraph {
  if (!Array.isArray(inputShape) || inputShape.length === 0 || inputShape.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new ShapeError(`graph: inputShape must be a non-empty list of positive integers; got ${JSON.stringify(inputShape)}.`);
  }
  const shapes = new Map<string, Shape>();
  const nodes: AnyNode[] = [];
  specs.forEach((spec, index) => {
    const where = `${spec.kind ?? 'node'} '${spec.id}'`;
    if (!(spec.kind in opDefs)) {
      throw new ShapeError(`node ${index} '${spec.id}': kind must be one of ${Object.keys(opDefs).join(', ')}; got ${JSON.stringify(spec.kind)}.`);
    }
    if (typeof spec.id !== 'string' || spec.id.length === 0) throw new ShapeError(`node ${index}: id must be a non-empty string; got ${JSON.stringify(spec.id)}.`);
    if (shapes.has(spec.id)) throw new ShapeError(`${where}: ids must be unique; '${spec.id}' is used twice.`);
    if ((spec.kind === 'input') !== (index === 0)) {
      throw new ShapeError(`${where}: the first node, and only it, must be of kind 'input'; got kind '${spec.kind}' at position ${index}.`);
    }
    const def = defOf(spec.kind);
    if (spec.inputs.length < def.arity.min || spec.inputs.length > def.arity.max) {
      throw new ShapeError(`${where}: number of inputs must be in [${def.arity.min}, ${def.arity.max}]; got ${spec.inputs.length}.`);
    }
    const inShapes = spec.kind === 'input' ? [inputShape] : spec.inputs.map((id) => {
      const s = shapes.get(id);
      if (!s) throw new ShapeError(`${where}: input '${id}' must name an earlier node; got no such node before it. Nodes must be in topological order.`);
      return s;
    });
    const shape = Object.freeze([...(def.inferShape as OpDef<OpKind>['inferShape'])(inShapes, spec.attrs, where)]);
    shapes.set(spec.id, shape);
    nodes.push(Object.freeze({ ...spec, inputs: Object.freeze([...spec.inputs]), attrs: Object.freeze({ ...spec.attrs }), shape }) as AnyNode);
  });
  if (nodes.length === 0) throw new ShapeError('graph: nodes must contain at least the input node; got none.');
  const out = output ?? (nodes[nodes.length - 1] as AnyNode).id;
  if (!shapes.has(out)) throw new ShapeError(`graph: output must name a node; got '${out}'.`);
  return Object.freeze({ inputShape: Object.freeze([...inputShape]), nodes: Object.freeze(nodes), output: out });
}

/** The shapes of a node's inputs (the graph input shape for the input node). */
export function inputShapesOf(graph: ArchGraph, node: Node): Shape[] {
  if (node.kind === 'input') return [graph.inputShape];
  const byId = new Map(graph.nodes.map((n) => [n.id, n.shape]));
  return node.inputs.map((id) => byId.get(id) as Shape);
}

/** Per-node parameter and MAC counts, in graph order. */
export function nodeCosts(graph: ArchGraph): { id: string; kind: OpKind; shape: Shape; params: number; macs: number }[] {
  const byId = new Map<string, Shape>();
  return graph.nodes.map((n) => {
    const ins = n.kind === 'input' ? [graph.inputShape] : n.inputs.map((id) => byId.get(id) as Shape);
    byId.set(n.id, n.shape);
    const def = defOf(n.kind) as OpDef<OpKind>;
    return { id: n.id, kind: n.kind, shape: n.shape, params: def.params(n.attrs, ins, n.shape), macs: def.macs(n.attrs, ins, n.shape) };
  });
}

/** Total parameters of a graph. */
export function totalParams(graph: ArchGraph): number {
  return nodeCosts(graph).reduce((s, c) => s + c.params, 0);
}

/**
 * Parameters a trainer updates: everything except batch norm's moving mean and variance (PyTorch's count of
 * nn.Parameters, which NAS-Bench-201 reports).
 */
export function trainableParams(graph: ArchGraph): number {
  const movingStats = graph.nodes.filter((n) => n.kind === 'batchNorm').reduce((s, n) => s + 2 * (n.shape[n.shape.length - 1] as number), 0);
  return totalParams(graph) - movingStats;
}

/** Total MACs of one inference of a graph on one sample. */
export function totalMacs(graph: ArchGraph): number {
  return nodeCosts(graph).reduce((s, c) => s + c.macs, 0);
}

/**
 * The batch norms that end a residual branch: an input of an `add` that is computed from another input of the same
 * add (the shortcut). A projection shortcut, which branches off beside the residual path, ends none.
 */
export function residualBranchEnds(graph: ArchGraph): Set<string> {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const reaches = (from: string, target: string): boolean => {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length > 0) {
      const id = stack.pop() as string;
      if (id === target) return true;
      if (seen.has(id)) continue;
      seen.add(id);
      stack.push(...(byId.get(id)?.inputs ?? []));
    }
    return false;
  };
  const out = new Set<string>();
  for (const node of graph.nodes) {
    if (node.kind !== 'add') continue;
    for (const id of node.inputs) {
      if (byId.get(id)?.kind !== 'batchNorm') continue;
      if (node.inputs.some((other) => other !== id && reaches(id, other))) out.add(id);
    }
  }
  return out;
}

/** The output node of a graph. */
export function outputNode(graph: ArchGraph): AnyNode {
  return graph.nodes.find((n) => n.id === graph.output) as AnyNode;
}

/** A printable table: node, op, output shape, params, MACs, with totals. */
export function summary(graph: ArchGraph): string {
  const rows = nodeCosts(graph).map((c) => [c.id, c.kind, `[${c.shape.join(',')}]`, String(c.params), String(c.macs)]);
  const head = ['node', 'op', 'shape', 'params', 'macs'];
  const all = [head, ...rows];
  const widths = head.map((_, i) => Math.max(...all.map((r) => (r[i] as string).length)));
  const fmt = (r: string[]): string => r.map((v, i) => (i >= 3 ? v.padStart(widths[i] as number) : v.padEnd(widths[i] as number))).join('  ');
  const lines = all.map(fmt);
  lines.push(`total params ${totalParams(graph)}, macs ${totalMacs(graph)}`);
  return lines.join('\n');
}
