import type { AnyNode } from '../arch/types.js';
import { weightName, type WeightRole, type WeightTensor } from '../engine/weights.js';
import { QuantizeError } from './errors.js';

/** A float kernel in TFLite's layout with its per-output-channel bias (zeros when the op had none). */
export interface FoldedKernel {
  readonly kernel: Float32Array;
  readonly shape: readonly number[];
  readonly bias: Float32Array;
  /** The channel axis of the kernel in TFLite's layout (0 for conv and dense, 3 for depthwise). */
  readonly axis: number;
}

type WeightLookup = (nodeId: string, role: WeightRole) => Float32Array;

/** A lookup over weights in the shared layout that names the missing weight when one is absent. */
export function weightLookup(weights: readonly WeightTensor[]): WeightLookup {
  const byName = new Map(weights.map((w) => [w.name, w.values]));
  return (nodeId, role) => {
    const v = byName.get(weightName(nodeId, role));
    if (!v) throw new QuantizeError(`quantize: weight '${weightName(nodeId, role)}' is missing; quantization needs the trained weights of every conv, depthwise, dense and batch-norm node.`);
    return v;
  };
}

/** The per-channel scale s and shift t of an inference batch norm: y = s * x + t. */
export function batchNormAffine(bn: AnyNode, get: WeightLookup): { s: Float32Array; t: Float32Array } {
  const eps = bn.kind === 'batchNorm' ? bn.attrs.epsilon : 1e-3;
  const [gamma, beta, mean, variance] = (['gamma', 'beta', 'movingMean', 'movingVariance'] as const).map((r) => get(bn.id, r)) as [Float32Array, Float32Array, Float32Array, Float32Array];
  const s = new Float32Array(gamma.length);
  const t = new Float32Array(gamma.length);
  for (let c = 0; c < gamma.length; c++) {
    s[c] = (gamma[c] as number) / Math.sqrt((variance[c] as number) + eps);
    t[c] = (beta[c] as number) - (mean[c] as number) * (s[c] as number);
  }
  return { s, t };
}

/** Kernel in TFLite's layout from the shared layout (HWIO conv, HWCM depthwise, [in, units] dense). */
function toTfliteLayout(node: AnyNode, kernel: Float32Array, inChannels: number): { values: Float32Array; shape: number[]; axis: number; channels: number } {
  if (node.kind === 'conv2d') {
    const [kh, kw] = node.attrs.kernel;
    const ci = inChannels / node.attrs.groups;
    const co = node.attrs.filters;
    const out = new Float32Array(kernel.length);
    for (let y = 0; y < kh; y++) for (let x = 0; x < kw; x++) for (let i = 0; i < ci; i++) for (let o = 0; o < co; o++) {
      out[((o * kh + y) * kw + x) * ci + i] = kernel[((y * kw + x) * ci + i) * co + o] as number;
    }
    return { values: out, shape: [co, kh, kw, ci], axis: 0, channels: co };
  }
  if (node.kind === 'depthwiseConv2d') {
    const [kh, kw] = node.attrs.kernel;
    const channels = inChannels * node.attrs.depthMultiplier;
    return { values: kernel.slice(), shape: [1, kh, kw, channels], axis: 3, channels };
  }
  if (node.kind === 'dense') {
    const units = node.attrs.units;
    const depth = kernel.length / units;
    const out = new Float32Array(kernel.length);
    for (let i = 0; i < depth; i++) for (let u = 0; u < units; u++) out[u * depth + i] = kernel[i * units + u] as number;
    return { values: out, shape: [units, depth], axis: 0, channels: units };
  }
  throw new QuantizeError(`quantize: node '${node.id}' (${node.kind}) has no kernel.`);
}

/** Index of the output channel of element i of a kernel in TFLite's layout. */
export function channelOfElement(shape: readonly number[], axis: number): (i: number) => number {
  if (axis === 0) { const per = shape.slice(1).reduce((p, d) => p * d, 1); return (i) => Math.floor(i / per); }
  const c = shape[shape.length - 1] as number;
  return (i) => i % c;
}

/**
 * The kernel of a conv, depthwise or dense node in TFLite's layout, with a following batch norm folded in
 * (w' = w * s[c], b' = b * s[c] + t[c]).
 */
export function foldedKernel(node: AnyNode, bn: AnyNode | null, inChannels: number, get: WeightLookup): FoldedKernel {
  const t = toTfliteLayout(node, get(node.id, 'kernel'), inChannels);
  const hasBias = 'useBias' in node.attrs && node.attrs.useBias;
  const bias = hasBias ? Float32Array.from(get(node.id, 'bias')) : new Float32Array(t.channels);
  if (bn) {
    const { s, t: shift } = batchNormAffine(bn, get);
    const channelOf = channelOfElement(t.shape, t.axis);
    for (let i = 0; i < t.values.length; i++) t.values[i] = (t.values[i] as number) * (s[channelOf(i)] as number);
    for (let c = 0; c < t.channels; c++) bias[c] = (bias[c] as number) * (s[c] as number) + (shift[c] as number);
  }
  return { kernel: t.values, shape: t.shape, bias, axis: t.axis };
}

/** Symmetric int8 weights (zero point 0, values in [-127, 127]) with one float32 scale per channel, or one in all. */
export function quantizeSymmetric(values: Float32Array, shape: readonly number[], axis: number, perChannel: boolean): { q: Int8Array; scales: number[] } {
  const channels = perChannel ? (shape[axis] as number) : 1;
  const channelOf = perChannel ? channelOfElement(shape, axis) : () => 0;
  const maxAbs = new Float64Array(channels);
  for (let i = 0; i < values.length; i++) maxAbs[channelOf(i)] = Math.max(maxAbs[channelOf(i)] as number, Math.abs(values[i] as number));
  const scales = Array.from(maxAbs, (m) => Math.fround(m > 0 ? m / 127 : 1 / 127));
  const q = new Int8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = Math.round((values[i] as number) / (scales[channelOf(i)] as number));
    q[i] = v < -127 ? -127 : v > 127 ? 127 : v;
  }
  return { q, scales };
}

/** int32 biases with scale inputScale * weightScale[c] and zero point 0. */
export function quantizeBias(bias: Float32Array, inputScale: number, weightScales: readonly number[]): { q: Int32Array; scales: number[] } {
  const scales = Array.from(bias, (_, c) => Math.fround(inputScale * ((weightScales.length === 1 ? weightScales[0] : weightScales[c]) as number)));
  const q = new Int32Array(bias.length);
  for (let c = 0; c < bias.length; c++) q[c] = Math.max(-2147483648, Math.min(2147483647, Math.round((bias[c] as number) / (scales[c] as number))));
  return { q, scales };
}
