import { activationRange, currentRounding, multiplyByQuantizedMultiplierSmallerThanOne, quantizeMultiplier, roundHalfEven } from '../fixed-point.js';
import { QuantizeError } from '../errors.js';
import type { QAdd, QuantModel } from '../types.js';
import { tensorParams } from './tensor.js';

/** The left shift TFLite's int8 ADD applies to both inputs before rescaling them to a common scale. */
export const ADD_LEFT_SHIFT = 20;

/** The multipliers of TFLite's int8 ADD (PrepareInt8AddSub), computed in double from the float32 scales. */
export function addMultipliers(s1: number, s2: number, sOut: number) {
  const twiceMax = 2 * Math.max(s1, s2);
  return {
    input1: quantizeMultiplier(s1 / twiceMax),
    input2: quantizeMultiplier(s2 / twiceMax),
    output: quantizeMultiplier(twiceMax / (2 ** ADD_LEFT_SHIFT * sOut)),
  };
}

/**
 * XNNPACK's int8 add (the 'xnnpack' rounding mode): 21-bit multipliers of the input-to-output scale ratios taken
 * from the float32 bits, one arithmetic right shift with a rounding bias, then the output zero point.
 */
function addXnnpack(a: Int8Array, b: Int8Array, s1: number, z1: number, s2: number, z2: number, so: number, zo: number, range: { min: number; max: number }): Int8Array {
  const r1 = Math.fround(s1 / so);
  const r2 = Math.fround(s2 / so);
  const exponent = Math.floor(Math.log2(Math.max(r1, r2)));
  const shift = 20 - exponent;
  const m1 = roundHalfEven(Math.fround(r1 * 2 ** shift));
  const m2 = roundHalfEven(Math.fround(r2 * 2 ** shift));
  const bias = 2 ** (shift - 1) - m1 * z1 - m2 * z2;
  const out = new Int8Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const acc = bias + (a[i] as number) * m1 + (b[i] as number) * m2;
    const v = Math.floor(acc / 2 ** shift) + zo;
    out[i] = v < range.min ? range.min : v > range.max ? range.max : v;
  }
  return out;
}

/** TFLite's int8 ADD of two same-shape tensors (reference_integer_ops::AddElementwise). */
export function add(model: QuantModel, op: QAdd, a: Int8Array, b: Int8Array, where: string): Int8Array {
  if (a.length !== b.length) throw new QuantizeError(`${where}: ADD inputs must have the same shape (no broadcasting); got ${a.length} and ${b.length} elements.`);
  const p1 = tensorParams(model.tensors[op.inputs[0] as number]!, where);
  const p2 = tensorParams(model.tensors[op.inputs[1] as number]!, where);
  const po = tensorParams(model.tensors[op.output]!, where);
  const range = activationRange(op.activation, po.scale, po.zeroPoint);
  if (currentRounding() === 'xnnpack') return addXnnpack(a, b, p1.scale, p1.zeroPoint, p2.scale, p2.zeroPoint, po.scale, po.zeroPoint, range);
  const m = addMultipliers(p1.scale, p2.scale, po.scale);
  if (m.output.shift > 0) throw new QuantizeError(`${where}: ADD output scale ${po.scale} is too small for the input scales ${p1.scale}, ${p2.scale} (TFLite needs 2*max(input scales) / (2^${ADD_LEFT_SHIFT} * output scale) < 1).`);
  const shift = 2 ** ADD_LEFT_SHIFT;
  const out = new Int8Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const x1 = multiplyByQuantizedMultiplierSmallerThanOne(((a[i] as number) - p1.zeroPoint) * shift, m.input1.multiplier, m.input1.shift);
    const x2 = multiplyByQuantizedMultiplierSmallerThanOne(((b[i] as number) - p2.zeroPoint) * shift, m.input2.multiplier, m.input2.shift);
    const v = multiplyByQuantizedMultiplierSmallerThanOne(x1 + x2, m.output.multiplier, m.output.shift) + po.zeroPoint;
    out[i] = v < range.min ? range.min : v > range.max ? range.max : v;
  }
  return out;
}
