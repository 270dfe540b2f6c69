import { eliminateZeros } from '../arch/simplify.js';
import type { AnyNode, ArchGraph, Shape } from '../arch/types.js';
import type { WeightTensor } from '../engine/weights.js';
import { lowerGraph } from '../hardware/lowering/fuse.js';
import type { DeployGraph, DeployOp } from '../hardware/lowering/types.js';
import { QuantModelBuilder } from './builder.js';
import { activationParams, defaultCalibration, observeActivations, type CalibrationOptions, type Range } from './calibrate.js';
import { QuantizeError } from './errors.js';
import type { FusedActivation, QuantModel } from './types.js';
import { batchNormAffine, foldedKernel, quantizeBias, quantizeSymmetric, weightLookup } from './weights.js';

export interface PtqOptions {
  readonly calibration?: Partial<CalibrationOptions>;
  /** Per-channel weights for conv and depthwise (TFLite's default); dense always uses one scale. */
  readonly perChannel?: boolean;
  readonly description?: string;
}

/** A quantized graph: the int8 model, the deployment it came from, and the model tensor of each IR node's value. */
export interface QuantizedGraph {
  readonly model: QuantModel;
  readonly deploy: DeployGraph;
  readonly tensorOf: ReadonlyMap<string, number>;
}

/** The IR node kinds post-training quantization turns into int8 ops. */
export const quantizableKinds: readonly string[] = ['input', 'conv2d', 'depthwiseConv2d', 'dense', 'batchNorm', 'activation (relu, relu6, softmax)', 'maxPool', 'avgPool', 'globalAvgPool', 'add', 'concat', 'flatten', 'identity', 'zeroPad'];

const sharesParams = new Set(['maxPool', 'avgPool', 'globalAvgPool', 'flatten', 'identity', 'zeroPad', 'concat']);

/** Tensors that TFLite's int8 kernels require to share quantisation (pool, reshape, pad, concat in/out), as groups. */
function paramGroups(deploy: DeployGraph): number[] {
  const parent = deploy.tensors.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i] as number)));
  for (const op of deploy.ops) {
    if (!sharesParams.has(op.kind)) continue;
    for (const t of op.kind === 'concat' ? op.inputs : [op.inputs[0] as number]) parent[find(t)] = find(op.output);
  }
  return deploy.tensors.map((_, i) => find(i));
}

/** The activation parameters of every deployed tensor, from calibrated ranges merged over each group. */
export function deployTensorParams(deploy: DeployGraph, ranges: ReadonlyMap<string, Range>): { scale: number; zeroPoint: number }[] {
  const group = paramGroups(deploy);
  const merged = new Map<number, Range>();
  deploy.tensors.forEach((t, i) => {
    const r = ranges.get(t.id) as Range;
    const g = group[i] as number;
    const m = merged.get(g);
    merged.set(g, m ? { min: Math.min(m.min, r.min), max: Math.max(m.max, r.max) } : r);
  });
  return deploy.tensors.map((_, i) => activationParams(merged.get(group[i] as number) as Range));
}

function modelShape(shape: Shape, fromGlobalPool: boolean): number[] {
  if (fromGlobalPool) return [1, 1, 1, shape[0] as number];
  return [1, ...shape];
}

interface Ctx {
  readonly b: QuantModelBuilder;
  readonly graph: ArchGraph;
  readonly deploy: DeployGraph;
  readonly tensorIndex: number[];
  readonly get: ReturnType<typeof weightLookup>;
  readonly perChannel: boolean;
}

const fused = (op: DeployOp): FusedActivation => (op.fusedActivation === 'relu' || op.fusedActivation === 'relu6' ? op.fusedActivation : 'none');

function nodeById(graph: ArchGraph, id: string): AnyNode {
  return graph.nodes.find((n) => n.id === id) as AnyNode;
}

/** Adds the int8 weights and int32 bias of a conv, depthwise, dense or standalone batch-norm op; returns [w, b]. */
function addConstants(ctx: Ctx, op: DeployOp, input: number): [number, number] {
  const node = op.node;
  const inT = ctx.b.get(input);
  const inScale = inT.quant?.scale[0] as number;
  let k;
  if (node.kind === 'batchNorm') {
    const { s, t } = batchNormAffine(node, ctx.get);
    k = { kernel: s, shape: [1, 1, 1, s.length], bias: t, axis: 3 };
  } else {
    const bnId = op.nodeIds.find((id) => nodeById(ctx.graph, id).kind === 'batchNorm');
    k = foldedKernel(node, bnId ? nodeById(ctx.graph, bnId) : null, inT.shape[inT.shape.length - 1] as number, ctx.get);
  }
  const perChannel = ctx.perChannel && node.kind !== 'dense';
  const w = quantizeSymmetric(k.kernel, k.shape, k.axis, perChannel);
  const bias = quantizeBias(k.bias, inScale, w.scales);
  const wi = ctx.b.tensor(`${op.id}/kernel`, k.shape, 'int8', { scale: w.scales, zeroPoint: w.scales.map(() => 0), axis: perChannel ? k.axis : 0 }, w.q);
  // One bias scale per weight scale: per-tensor weights get one (Arm NN and TFLite check the counts match).
  const biasScales = w.scales.length === 1 ? [bias.scales[0] as number] : bias.scales;
  const bi = ctx.b.tensor(`${op.id}/bias`, [k.bias.length], 'int32', { scale: biasScales, zeroPoint: biasScales.map(() => 0), axis: 0 }, bias.q);
  return [wi, bi];
}

function emitWeighted(ctx: Ctx, op: DeployOp, input: number, output: number): void {
  const [w, bias] = addConstants(ctx, op, input);
  const node = op.node;
  const activation = fused(op);
  if (node.kind === 'conv2d') {
    ctx.b.op({ kind: 'conv2d', inputs: [input, w, bias], output, strides: node.attrs.strides, dilation: node.attrs.dilation, padding: node.attrs.padding, activation });
  } else if (node.kind === 'dense') {
    ctx.b.op({ kind: 'fullyConnected', inputs: [input, w, bias], output, activation });
  } else {
    const a = node.kind === 'depthwiseConv2d' ? node.attrs : { strides: [1, 1] as const, padding: 'valid' as const, depthMultiplier: 1 };
    ctx.b.op({ kind: 'depthwiseConv2d', inputs: [input, w, bias], output, strides: a.strides, dilation: [1, 1], padding: a.padding, depthMultiplier: a.depthMultiplier, activation });
  }
}

/** A chain of binary ADDs for an n-ary add; partial sums get the parameters of the sum of their inputs' ranges. */
function emitAdd(ctx: Ctx, op: DeployOp, inputs: number[], output: number): void {
  let acc = inputs[0] as number;
  for (let k = 1; k < inputs.length; k++) {
    const last = k === inputs.length - 1;
    let target = output;
    if (!last) {
      const [a, b] = [ctx.b.get(acc), ctx.b.get(inputs[k] as number)];
      const lo = (t: typeof a) => (-128 - (t.quant?.zeroPoint[0] as number)) * (t.quant?.scale[0] as number);
      const hi = (t: typeof a) => (127 - (t.quant?.zeroPoint[0] as number)) * (t.quant?.scale[0] as number);
      const p = activationParams({ min: lo(a) + lo(b), max: hi(a) + hi(b) });
      target = ctx.b.activation(`${op.id}/partial${k}`, a.shape, p.scale, p.zeroPoint);
    }
    ctx.b.op({ kind: 'add', inputs: [acc, inputs[k] as number], output: target, activation: last ? fused(op) : 'none' });
    acc = target;
  }
}

function emitOp(ctx: Ctx, op: DeployOp): void {
  const inputs = op.inputs.map((t) => ctx.tensorIndex[t] as number);
  const output = ctx.tensorIndex[op.output] as number;
  const input = inputs[0] as number;
  const node = op.node;
  const outShape = ctx.b.get(output).shape;
  switch (node.kind) {
    case 'conv2d': case 'depthwiseConv2d': case 'dense': case 'batchNorm': return emitWeighted(ctx, op, input, output);
    case 'maxPool': case 'avgPool':
      return ctx.b.op({ kind: node.kind === 'maxPool' ? 'maxPool2d' : 'averagePool2d', inputs: [input], output, filter: node.attrs.pool, strides: node.attrs.strides, padding: node.attrs.padding, activation: fused(op) });
    case 'globalAvgPool': {
      const s = ctx.b.get(input).shape;
      return ctx.b.op({ kind: 'averagePool2d', inputs: [input], output, filter: [s[1] as number, s[2] as number], strides: [1, 1], padding: 'valid', activation: 'none' });
    }
    case 'add': return emitAdd(ctx, op, inputs, output);
    case 'concat': {
      const ranks = new Set(inputs.map((t) => ctx.b.get(t).shape.length));
      if (ranks.size !== 1) throw new QuantizeError(`quantize: concat '${op.id}' mixes inputs of different ranks (a global pool and a dense output?); int8 export needs equal ranks.`);
      return ctx.b.op({ kind: 'concatenation', inputs, output, axis: outShape.length - 1, activation: fused(op) });
    }
    case 'flatten': case 'identity': return ctx.b.op({ kind: 'reshape', inputs: [input], output, newShape: outShape });
    case 'zeroPad': {
      const a = node.attrs;
      return ctx.b.op({ kind: 'pad', inputs: [input], output, paddings: [[0, 0], [a.top, a.bottom], [a.left, a.right], [0, 0]] });
    }
    case 'activation':
      if (node.attrs.fn === 'relu' || node.attrs.fn === 'relu6') return ctx.b.op({ kind: node.attrs.fn, inputs: [input], output });
      if (node.attrs.fn === 'softmax') return ctx.b.op({ kind: 'softmax', inputs: [input], output, beta: 1 });
      throw new QuantizeError(`quantize: activation '${node.attrs.fn}' of node '${node.id}' has no int8 kernel in tinyevo yet; int8 export supports relu, relu6 and softmax activations.`);
    default:
      throw new QuantizeError(`quantize: node '${node.id}' of kind '${node.kind}' cannot be quantized to int8; supported kinds: ${quantizableKinds.join(', ')}.`);
  }
}

/** Adds the activation tensors: the graph input, then each op's output (softmax outputs get TFLite's fixed 1/256, -128). */
function addActivations(b: QuantModelBuilder, deploy: DeployGraph, params: { scale: number; zeroPoint: number }[]): number[] {
  return deploy.tensors.map((t, i) => {
    const producer = t.producer >= 0 ? deploy.ops[t.producer] : undefined;
    const isSoftmax = producer?.node.kind === 'activation' && producer.node.attrs.fn === 'softmax';
    const p = isSoftmax ? { scale: 1 / 256, zeroPoint: -128 } : (params[i] as { scale: number; zeroPoint: number });
    return b.activation(t.id, modelShape(t.shape, producer?.kind === 'globalAvgPool'), p.scale, p.zeroPoint);
  });
}

/**
 * Post-training int8 quantization of a trained ArchGraph (TFLite's int8 scheme): batch norms folded, ReLU/ReLU6
 * fused, per-channel symmetric weights, int32 biases, per-tensor asymmetric activations calibrated on `samples`
 * (n inputs, channels last) with min/max, a percentile or the least-MSE clipping. `zero` edges (cell and NB201
 * networks) are removed first (eliminateZeros). Pure apart from TF.js inference.
 */
export function quantizeGraph(original: ArchGraph, weights: readonly WeightTensor[], samples: Float32Array, options: PtqOptions = {}): QuantizedGraph {
  const graph = eliminateZeros(original);
  const deploy = lowerGraph(graph);
  for (const op of deploy.ops) if (op.node.kind === 'zero') throw new QuantizeError(`quantize: node '${op.id}' of kind 'zero' cannot be quantized to int8; supported kinds: ${quantizableKinds.join(', ')}.`);
  const calibration = { ...defaultCalibration, ...options.calibration };
  const ranges = observeActivations(graph, weights, samples, new Set(deploy.tensors.map((t) => t.id)), calibration);
  const b = new QuantModelBuilder();
  const tensorIndex = addActivations(b, deploy, deployTensorParams(deploy, ranges));
  const ctx: Ctx = { b, graph, deploy, tensorIndex, get: weightLookup(weights), perChannel: options.perChannel ?? true };
  for (const op of deploy.ops) emitOp(ctx, op);
  const tensorOf = new Map<string, number>();
  for (const t of deploy.tensors) tensorOf.set(t.id, tensorIndex[t.index] as number);
  const model = b.build([tensorIndex[deploy.input] as number], [tensorIndex[deploy.output] as number], options.description ?? 'tinyevo int8 model');
  return { model, deploy, tensorOf };
}
