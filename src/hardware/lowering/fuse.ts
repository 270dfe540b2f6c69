import { nodeCosts } from '../../arch/graph.js';
import type { ActivationFn, AnyNode, ArchGraph, OpKind, Shape } from '../../arch/types.js';
import { opClassOf, opConstants } from './classify.js';
import type { DeployGraph, DeployOp, DeployTensor } from './types.js';

// The int8 fusion rule, written once and used by memory, flash and latency. TFLite's converter and CMSIS-NN do
// the same: a batch norm right after a conv, depthwise or dense is folded into its weights and bias, and a
// ReLU/ReLU6 right after a conv, depthwise, dense, pooling or add becomes that op's fused activation (a clamp of
// its int8 output). "Right after" means the producer's value has no other reader and is not the graph output.
// Other nodes (softmax, sigmoid, hard-swish, a lone batch norm, flatten, concat) stay ops of their own.
const bnHosts: ReadonlySet<OpKind> = new Set(['conv2d', 'depthwiseConv2d', 'dense']);
const actHosts: ReadonlySet<OpKind> = new Set(['conv2d', 'depthwiseConv2d', 'dense', 'maxPool', 'avgPool', 'add']);
const clampFns: ReadonlySet<ActivationFn> = new Set(['relu', 'relu6']);

interface DraftOp { node: AnyNode; nodeIds: string[]; inputs: number[]; output: number; inputShapes: Shape[]; foldedBatchNorm: boolean; fusedActivation: ActivationFn | null }
interface DraftTensor { id: string; shape: Shape; producer: number }
interface Draft { readonly ops: DraftOp[]; readonly tensors: DraftTensor[]; readonly tensorOf: Map<string, number> }

function readerCounts(graph: ArchGraph): Map<string, number> {
  const counts = new Map<string, number>();
  for (const n of graph.nodes) for (const i of n.inputs) counts.set(i, (counts.get(i) ?? 0) + 1);
  return counts;
}

/** The op a batch-norm or activation node folds into, or null when it must stay an op of its own. */
function fusionHost(node: AnyNode, graph: ArchGraph, readers: Map<string, number>, d: Draft): DraftOp | null {
  if (node.kind !== 'batchNorm' && !(node.kind === 'activation' && clampFns.has(node.attrs.fn))) return null;
  const from = node.inputs[0] as string;
  const t = d.tensors[d.tensorOf.get(from) as number] as DraftTensor;
  if (t.producer < 0 || t.id !== from || readers.get(from) !== 1 || from === graph.output) return null;
  const host = d.ops[t.producer] as DraftOp;
  if (host.fusedActivation !== null) return null;
  if (node.kind === 'batchNorm') return bnHosts.has(host.node.kind) && !host.foldedBatchNorm ? host : null;
  return actHosts.has(host.node.kind) ? host : null;
}

function addNode(node: AnyNode, graph: ArchGraph, readers: Map<string, number>, d: Draft): void {
  const host = fusionHost(node, graph, readers, d);
  if (host) {
    host.nodeIds.push(node.id);
    if (node.kind === 'batchNorm') host.foldedBatchNorm = true;
    if (node.kind === 'activation') host.fusedActivation = node.attrs.fn;
    (d.tensors[host.output] as DraftTensor).id = node.id;
    d.tensorOf.set(node.id, host.output);
    return;
  }
  const inputs = node.inputs.map((i) => d.tensorOf.get(i) as number);
  const output = d.tensors.push({ id: node.id, shape: node.shape, producer: d.ops.length }) - 1;
  d.tensorOf.set(node.id, output);
  const inputShapes = inputs.map((t) => (d.tensors[t] as DraftTensor).shape);
  d.ops.push({ node, nodeIds: [node.id], inputs, output, inputShapes, foldedBatchNorm: false, fusedActivation: null });
}

function freezeOps(d: Draft, macsById: Map<string, number>): DeployOp[] {
  return d.ops.map((o, index) => {
    const outputElements = (d.tensors[o.output] as DraftTensor).shape.reduce((p, x) => p * x, 1);
    return Object.freeze({
      index, id: o.node.id, kind: o.node.kind, opClass: opClassOf(o.node), node: o.node, nodeIds: Object.freeze([...o.nodeIds]),
      inputs: Object.freeze([...o.inputs]), output: o.output, inputShapes: Object.freeze([...o.inputShapes]),
      foldedBatchNorm: o.foldedBatchNorm, fusedActivation: o.fusedActivation, macs: macsById.get(o.node.id) ?? 0, outputElements,
      ...opConstants(o.node, o.inputShapes[0] ?? [], o.foldedBatchNorm),
    });
  });
}

/**
 * Lowers a checked ArchGraph to its int8 deployment: one op per node, except batch norms and ReLU/ReLU6 fused into
 * the op before them (the rule above), and one int8 tensor per op output plus the graph input. Pure; O(nodes).
 */
export function lowerGraph(graph: ArchGraph): DeployGraph {
  const readers = readerCounts(graph);
  const d: Draft = { ops: [], tensors: [], tensorOf: new Map() };
  for (const node of graph.nodes) {
    if (node.kind === 'input') d.tensorOf.set(node.id, d.tensors.push({ id: node.id, shape: graph.inputShape, producer: -1 }) - 1);
    else addNode(node, graph, readers, d);
  }
  const ops = freezeOps(d, new Map(nodeCosts(graph).map((c) => [c.id, c.macs])));
  const consumers: number[][] = d.tensors.map(() => []);
  for (const op of ops) for (const t of new Set(op.inputs)) (consumers[t] as number[]).push(op.index);
  const output = d.tensorOf.get(graph.output) as number;
  const tensors: DeployTensor[] = d.tensors.map((t, index) => Object.freeze({
    index, id: t.id, shape: t.shape, bytes: t.shape.reduce((p, x) => p * x, 1), producer: t.producer,
    consumers: Object.freeze(consumers[index] as number[]), isOutput: index === output,
  }));
  return Object.freeze({ ops: Object.freeze(ops), tensors: Object.freeze(tensors), input: 0, output });
}
