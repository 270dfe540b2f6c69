// TFLite's int8 SOFTMAX as its reference kernel and TFLite Micro compute it: gemmlowp fixed-point exp of the scaled
// differences to the row maximum, a fixed-point reciprocal of their sum, output scale 1/256 and zero point -128.
import { quantizeMultiplier, roundingDivideByPOT, saturatingRoundingDoublingHighMul as mul } from '../fixed-point.js';
import { QuantizeError } from '../errors.js';
import type { QSoftmax, QuantModel } from '../types.js';
import { tensorParams } from './tensor.js';

const INT32_MAX = 2147483647;
const INT32_MIN = -2147483648;
const SCALED_DIFF_INTEGER_BITS = 5;
const ACCUMULATION_INTEGER_BITS = 12;

/** gemmlowp's SaturatingRoundingMultiplyByPOT for exponent > 0 (a saturating left shift); < 0 rounds a right shift. */
function mulByPOT(x: number, exponent: number): number {
  if (exponent <= 0) return roundingDivideByPOT(x, -exponent);
  const threshold = 2 ** (31 - exponent) - 1;
  if (x > threshold) return INT32_MAX;
  if (x < -threshold) return INT32_MIN;
  return x * 2 ** exponent;
}

/** exp(a) for a in [-1/4, 0), both with 0 integer bits. */
function expOnQuarterInterval(a: number): number {
  const constantTerm = 1895147668; // exp(-1/8)
  const oneThird = 715827883;
  const x = (a + (1 << 28)) | 0;
  const x2 = mul(x, x);
  const x3 = mul(x2, x);
  const x4 = mul(x2, x2);
  const x4Over4 = mulByPOT(x4, -2);
  const poly = mulByPOT((mul((x4Over4 + x3) | 0, oneThird) + x2) | 0, -1);
  return (constantTerm + mul(constantTerm, (x + poly) | 0)) | 0;
}

const BARREL: readonly (readonly [number, number])[] = [[-2, 1672461947], [-1, 1302514674], [0, 790015084], [1, 290630308], [2, 39332535], [3, 720401], [4, 242]];

/**
 * gemmlowp's exp_on_negative_values for an input with `integerBits` (<= 5, as softmax uses) integer bits; the
 * result has 0 integer bits. (gemmlowp's extra clamp below -32 only exists for more than 5 integer bits.)
 */
export function expOnNegativeValues(a: number, integerBits: number): number {
  const fractionalBits = 31 - integerBits;
  const quarter = 1 << (fractionalBits - 2);
  const mask = quarter - 1;
  const aModQuarterMinusQuarter = ((a & mask) - quarter) | 0;
  let result = expOnQuarterInterval(mulByPOT(aModQuarterMinusQuarter, integerBits));
  const remainder = (aModQuarterMinusQuarter - a) | 0;
  for (const [exponent, multiplier] of BARREL) {
    if (integerBits > exponent && (remainder & (1 << (fractionalBits + exponent))) !== 0) result = mul(result, multiplier);
  }
  return a === 0 ? INT32_MAX : result;
}

/** gemmlowp's one_over_one_plus_x_for_x_in_0_1 (Newton-Raphson), input and result with 0 integer bits. */
function oneOverOnePlusX(a: number): number {
  const sum = a + INT32_MAX;
  const halfDenominator = Math.trunc((sum + (sum >= 0 ? 1 : -1)) / 2);
  let x = (1515870810 + mul(halfDenominator, -1010580540)) | 0; // 48/17 - 32/17 * d, 2 integer bits
  for (let i = 0; i < 3; i++) {
    const oneMinus = ((1 << 29) - mul(halfDenominator, x)) | 0;
    x = (x + mulByPOT(mul(x, oneMinus), 2)) | 0;
  }
  return mulByPOT(x, 1);
}

/** TFLite's GetReciprocal: 1 / x for x with `integerBits` integer bits, as a 0-integer-bit value and a shift. */
function reciprocal(x: number, integerBits: number): { raw: number; bitsOverUnit: number } {
  const headroomPlusOne = Math.clz32(x);
  const shiftedMinusOne = ((x * 2 ** headroomPlusOne) - 2147483648) | 0;
  return { raw: oneOverOnePlusX(shiftedMinusOne), bitsOverUnit: integerBits - headroomPlusOne };
}

/** The softmax parameters TFLite derives from beta and the input scale. */
export function softmaxParams(beta: number, inputScale: number): { multiplier: number; leftShift: number; diffMin: number } {
  const real = Math.min(beta * inputScale * 2 ** (31 - SCALED_DIFF_INTEGER_BITS), 2 ** 31 - 1);
  const { multiplier, shift } = quantizeMultiplier(real);
  const radius = Math.floor(((2 ** SCALED_DIFF_INTEGER_BITS - 1) * 2 ** (31 - SCALED_DIFF_INTEGER_BITS)) / 2 ** shift);
  return { multiplier, leftShift: shift, diffMin: -radius };
}

/** TFLite's int8 SOFTMAX over the last axis. The output must be quantised with scale 1/256 and zero point -128. */
export function softmax(model: QuantModel, op: QSoftmax, input: Int8Array, where: string): Int8Array {
  const inT = model.tensors[op.inputs[0] as number]!;
  const po = tensorParams(model.tensors[op.output]!, where);
  if (Math.abs(po.scale - 1 / 256) > 1e-9 || po.zeroPoint !== -128) throw new QuantizeError(`${where}: int8 SOFTMAX output must have scale 1/256 and zero point -128; got ${po.scale} and ${po.zeroPoint}.`);
  const p = softmaxParams(op.beta, tensorParams(inT, where).scale);
  const depth = inT.shape[inT.shape.length - 1] as number;
  const out = new Int8Array(input.length);
  for (let row = 0; row < input.length; row += depth) {
    let max = -128;
    for (let c = 0; c < depth; c++) max = Math.max(max, input[row + c] as number);
    const exps = new Int32Array(depth);
    let sum = 0;
    for (let c = 0; c < depth; c++) {
      const diff = (input[row + c] as number) - max;
      if (diff < p.diffMin) continue;
      const scaled = mul((diff * 2 ** p.leftShift) | 0, p.multiplier);
      exps[c] = expOnNegativeValues(scaled, SCALED_DIFF_INTEGER_BITS);
      sum = (sum + mulByPOT(exps[c] as number, -ACCUMULATION_INTEGER_BITS)) | 0;
    }
    const r = reciprocal(sum, ACCUMULATION_INTEGER_BITS);
    for (let c = 0; c < depth; c++) {
      const diff = (input[row + c] as number) - max;
      if (diff < p.diffMin) { out[row + c] = -128; continue; }
      const v = roundingDivideByPOT(mul(r.raw, exps[c] as number), r.bitsOverUnit + 31 - 8) - 128;
      out[row + c] = v < -128 ? -128 : v > 127 ? 127 : v;
    }
  }
  return out;
}
