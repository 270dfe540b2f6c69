import { activationRange, multiplyByQuantizedMultiplier, quantizeMultiplier } from '../fixed-point.js';
import { QuantizeError } from '../errors.js';
import type { QConcatenation, QElementwise, QPad, QuantModel } from '../types.js';
import { elements, tensorParams } from './tensor.js';

/** C's round (half away from zero), which TFLite's TfLiteRound is. */
export const roundHalfAway = (x: number): number => (x < 0 ? -Math.round(-x) : Math.round(x));

/** Quantizes float values with an int8 tensor's parameters, as TFLite's QUANTIZE does (float division, round half away, clamp). */
export function quantizeValues(values: ArrayLike<number>, scale: number, zeroPoint: number): Int8Array {
  const out = new Int8Array(values.length);
  const s = Math.fround(scale);
  for (let i = 0; i < values.length; i++) {
    const v = roundHalfAway(Math.fround((values[i] as number) / s)) + zeroPoint;
    out[i] = v < -128 ? -128 : v > 127 ? 127 : v;
  }
  return out;
}

/** TFLite's int8 RELU and RELU6: rescale to the output's quantisation, then clamp to the activation's range. */
export function relu(model: QuantModel, op: QElementwise, input: Int8Array, where: string): Int8Array {
  const pi = tensorParams(model.tensors[op.inputs[0] as number]!, where);
  const po = tensorParams(model.tensors[op.output]!, where);
  const m = quantizeMultiplier(pi.scale / po.scale);
  const range = activationRange(op.kind === 'relu6' ? 'relu6' : 'relu', po.scale, po.zeroPoint);
  const out = new Int8Array(input.length);
  for (let i = 0; i < input.length; i++) {
    const v = po.zeroPoint + multiplyByQuantizedMultiplier((input[i] as number) - pi.zeroPoint, m.multiplier, m.shift);
    out[i] = v < range.min ? range.min : v > range.max ? range.max : v;
  }
  return out;
}

/** TFLite's QUANTIZE from float32 (AffineQuantize: float division, round half away, clamp) or from int8 (requantize). */
export function quantize(model: QuantModel, op: QElementwise, input: Float32Array | Int8Array, where: string): Int8Array {
  const po = tensorParams(model.tensors[op.output]!, where);
  if (input instanceof Float32Array) return quantizeValues(input, po.scale, po.zeroPoint);
  const out = new Int8Array(input.length);
  const pi = tensorParams(model.tensors[op.inputs[0] as number]!, where);
  const m = quantizeMultiplier(pi.scale / po.scale);
  for (let i = 0; i < input.length; i++) {
    const v = multiplyByQuantizedMultiplier((input[i] as number) - pi.zeroPoint, m.multiplier, m.shift) + po.zeroPoint;
    out[i] = v < -128 ? -128 : v > 127 ? 127 : v;
  }
  return out;
}

/** TFLite's DEQUANTIZE: real = scale * (q - zeroPoint), as float32. */
export function dequantize(model: QuantModel, op: QElementwise, input: Int8Array, where: string): Float32Array {
  const pi = tensorParams(model.tensors[op.inputs[0] as number]!, where);
  const out = new Float32Array(input.length);
  for (let i = 0; i < input.length; i++) out[i] = pi.scale * ((input[i] as number) - pi.zeroPoint);
  return out;
}

function sameParams(model: QuantModel, a: number, b: number): boolean {
  const qa = model.tensors[a]!.quant;
  const qb = model.tensors[b]!.quant;
  return !!qa && !!qb && qa.scale[0] === qb.scale[0] && qa.zeroPoint[0] === qb.zeroPoint[0];
}

/** TFLite's int8 CONCATENATION: inputs share the output's quantisation (TFLite checks it), values are copied. */
export function concatenation(model: QuantModel, op: QConcatenation, inputs: readonly Int8Array[], where: string): Int8Array {
  const outShape = model.tensors[op.output]!.shape;
  const axis = op.axis < 0 ? op.axis + outShape.length : op.axis;
  const outer = elements(outShape.slice(0, axis));
  for (const t of op.inputs) {
    if (!sameParams(model, t, op.output)) throw new QuantizeError(`${where}: CONCATENATION input '${model.tensors[t]!.name}' must have the output's scale and zero point (TFLite int8 rule).`);
  }
  const inner = op.inputs.map((t) => elements(model.tensors[t]!.shape.slice(axis)));
  const total = inner.reduce((s, x) => s + x, 0);
  const out = new Int8Array(outer * total);
  let offset = 0;
  inputs.forEach((x, k) => {
    const n = inner[k] as number;
    for (let o = 0; o < outer; o++) out.set(x.subarray(o * n, (o + 1) * n), o * total + offset);
    offset += n;
  });
  return out;
}

/** TFLite's PAD of an int8 tensor: the padding holds the output's zero point (a real zero). */
export function pad(model: QuantModel, op: QPad, input: Int8Array, where: string): Int8Array {
  const inShape = model.tensors[op.inputs[0] as number]!.shape;
  const outShape = model.tensors[op.output]!.shape;
  const zp = tensorParams(model.tensors[op.output]!, where).zeroPoint;
  const out = new Int8Array(elements(outShape)).fill(zp);
  const rank = inShape.length;
  const inStrides = inShape.map((_, d) => elements(inShape.slice(d + 1)));
  const outStrides = outShape.map((_, d) => elements(outShape.slice(d + 1)));
  for (let i = 0; i < input.length; i++) {
    let o = 0;
    for (let d = 0; d < rank; d++) {
      const coord = Math.floor(i / (inStrides[d] as number)) % (inShape[d] as number);
      o += (coord + (op.paddings[d]?.[0] ?? 0)) * (outStrides[d] as number);
    }
    out[o] = input[i] as number;
  }
  return out;
}
