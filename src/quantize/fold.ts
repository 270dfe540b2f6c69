import { buildGraph, type NodeSpec } from '../arch/graph.js';
import type { ArchGraph } from '../arch/types.js';
import { weightName, type WeightTensor } from '../engine/weights.js';
import { lowerGraph } from '../hardware/lowering/fuse.js';
import { batchNormAffine, weightLookup } from './weights.js';

/**
 * The same network with every batch norm that int8 deployment folds (one right after a conv, depthwise or dense,
 * by the lowering rule in src/hardware/lowering) merged into the weights and bias of that op, in the shared weight
 * layout. Inference is unchanged; quantization-aware training then trains exactly the weights that get quantized.
 */
export function foldBatchNorms(graph: ArchGraph, weights: readonly WeightTensor[]): { graph: ArchGraph; weights: WeightTensor[] } {
  const get = weightLookup(weights);
  const rename = new Map<string, string>();
  const changed = new Map<string, WeightTensor>();
  for (const op of lowerGraph(graph).ops) {
    if (!op.foldedBatchNorm) continue;
    const bnId = op.nodeIds.find((id) => graph.nodes.find((n) => n.id === id)?.kind === 'batchNorm') as string;
    const bn = graph.nodes.find((n) => n.id === bnId)!;
    const { s, t } = batchNormAffine(bn, get);
    const channels = s.length;
    const kernel = Float32Array.from(get(op.id, 'kernel'), (v, i) => v * (s[i % channels] as number));
    const hasBias = 'useBias' in op.node.attrs && op.node.attrs.useBias;
    const oldBias = hasBias ? get(op.id, 'bias') : new Float32Array(channels);
    const bias = Float32Array.from(oldBias, (b, c) => b * (s[c] as number) + (t[c] as number));
    const kernelShape = weights.find((w) => w.name === weightName(op.id, 'kernel'))!.shape;
    changed.set(weightName(op.id, 'kernel'), { name: weightName(op.id, 'kernel'), shape: kernelShape, values: kernel });
    changed.set(weightName(op.id, 'bias'), { name: weightName(op.id, 'bias'), shape: [channels], values: bias });
    rename.set(bnId, op.id);
  }
  const specs: NodeSpec[] = graph.nodes.filter((n) => !rename.has(n.id)).map((n) => {
    const inputs = n.inputs.map((i) => rename.get(i) ?? i);
    const withBias = changed.has(weightName(n.id, 'bias')) && 'useBias' in n.attrs ? { ...n.attrs, useBias: true } : n.attrs;
    return { id: n.id, kind: n.kind, inputs, attrs: withBias } as NodeSpec;
  });
  const folded = buildGraph(graph.inputShape, specs, rename.get(graph.output) ?? graph.output);
  const bnIds = new Set(rename.keys());
  const kept = weights.filter((w) => !bnIds.has(w.name.split('/')[0] as string)).map((w) => changed.get(w.name) ?? w);
  for (const [name, w] of changed) if (!kept.some((k) => k.name === name)) kept.push(w);
  return { graph: folded, weights: kept };
}
