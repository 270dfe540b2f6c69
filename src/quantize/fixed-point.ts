// TFLite's integer arithmetic for requantisation (gemmlowp's fixed-point rules), exact in JavaScript numbers.
// The reference kernels scale an int32 accumulator by a real multiplier M = q * 2^shift, with q a Q31 integer in
// [2^30, 2^31): x * M is computed as RoundingDivideByPOT(SaturatingRoundingDoublingHighMul(x << left, q), right).
// Every exporter (generated C, the .tflite runtimes) must match these bit for bit.

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const TWO_31 = 2147483648;

/** A real multiplier as TFLite stores it: `multiplier` (Q31, in [2^30, 2^31) or 0) and a power-of-two `shift`. */
export interface QuantizedMultiplier { readonly multiplier: number; readonly shift: number }

/** C's frexp: m = fraction * 2^exponent with |fraction| in [0.5, 1). */
export function frexp(m: number): { fraction: number; exponent: number } {
  if (m === 0 || !Number.isFinite(m)) return { fraction: m, exponent: 0 };
  let exponent = Math.ceil(Math.log2(Math.abs(m))) | 0;
  let fraction = m / 2 ** exponent;
  // log2 may be off by one near powers of two; settle |fraction| into [0.5, 1).
  while (Math.abs(fraction) >= 1) { fraction /= 2; exponent += 1; }
  while (Math.abs(fraction) < 0.5) { fraction *= 2; exponent -= 1; }
  return { fraction, exponent };
}

/** TFLite's QuantizeMultiplier: the Q31 multiplier and shift of a positive real multiplier. */
export function quantizeMultiplier(real: number): QuantizedMultiplier {
  if (real === 0) return { multiplier: 0, shift: 0 };
  const { fraction, exponent } = frexp(real);
  let shift = exponent;
  let q = Math.round(fraction * TWO_31); // std::round: half away from zero, as Math.round for positives
  if (q === TWO_31) { q /= 2; shift += 1; }
  if (shift < -31) return { multiplier: 0, shift: 0 };
  if (shift > 30) return { multiplier: INT32_MAX, shift: 30 };
  return { multiplier: q, shift };
}

/** gemmlowp's SaturatingRoundingDoublingHighMul: (a * b * 2 + 2^31 rounding) >> 32, exact for int32 a, b. */
export function saturatingRoundingDoublingHighMul(a: number, b: number): number {
  if (a === INT32_MIN && b === INT32_MIN) return INT32_MAX;
  // The 62-bit product a*b = aHi*b*2^16 + aLo*b, each part exact in a double.
  const aHi = Math.floor(a / 65536);
  const aLo = a - aHi * 65536;
  const p1 = aHi * b;
  const p2 = aLo * b;
  const negative = a !== 0 && b !== 0 && (a < 0) !== (b < 0);
  const nudge = negative ? 1 - 1073741824 : 1073741824;
  // (p1*2^16 + p2 + nudge) / 2^31, truncated toward zero as C's integer division.
  const q1 = Math.floor(p1 / 32768);
  const r1 = p1 - q1 * 32768;
  const s = r1 * 65536 + p2 + nudge;
  const q2 = Math.floor(s / TWO_31);
  const r2 = s - q2 * TWO_31;
  let q = q1 + q2;
  if (q < 0 && r2 !== 0) q += 1;
  return q;
}

/** gemmlowp's RoundingDivideByPOT: x / 2^exponent rounded half away from zero, exponent in [0, 31]. */
export function roundingDivideByPOT(x: number, exponent: number): number {
  if (exponent === 0) return x;
  const mask = exponent >= 31 ? INT32_MAX : (1 << exponent) - 1;
  const remainder = x & mask;
  const threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

/**
 * How requantisation rounds. 'double' is gemmlowp's two-step rounding, TFLite's and TFLite Micro's default (and
 * CMSIS-NN's); 'single' is the one-step `(x * M + 2^(s-1)) >> s` of builds with TFLITE_SINGLE_ROUNDING, which
 * the WebAssembly TFLite in @tensorflow/tfjs-tflite uses for most ops. 'xnnpack' is 'single' except that conv,
 * depthwise and fully-connected outputs are requantised as XNNPACK does (float32 product of the accumulator and the
 * float32 scale, rounded half to even), which that build runs them with. The modes differ by one step on a small
 * share of values.
 */
export type RoundingMode = 'double' | 'single' | 'xnnpack';

let roundingMode: RoundingMode = 'double';

/** The rounding mode in force. */
export const currentRounding = (): RoundingMode => roundingMode;

/** Runs `fn` with requantisation rounding set to `mode` (the kernels are synchronous, so this is scoped). */
export function withRounding<T>(mode: RoundingMode, fn: () => T): T {
  const saved = roundingMode;
  roundingMode = mode;
  try {
    return fn();
  } finally {
    roundingMode = saved;
  }
}

/** C's lrintf in the default rounding mode: nearest, ties to even. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** A channel's requantisation: the Q31 multiplier and shift, and the float32 scale XNNPACK uses instead. */
export interface ChannelRequant extends QuantizedMultiplier { readonly fp32Scale: number }

/** Scales a conv/depthwise/dense accumulator to the output's scale in the current rounding mode. */
export function requantizeAccumulator(acc: number, m: ChannelRequant): number {
  if (roundingMode === 'xnnpack') return roundHalfEven(Math.fround(Math.fround(acc) * m.fp32Scale));
  return multiplyByQuantizedMultiplier(acc, m.multiplier, m.shift);
}

/** TFLITE_SINGLE_ROUNDING's MultiplyByQuantizedMultiplier: one rounding, exact in 64-bit integers. */
function singleRounding(x: number, multiplier: number, shift: number): number {
  const total = BigInt(31 - shift);
  const r = (BigInt(x) * BigInt(multiplier) + (1n << (total - 1n))) >> total;
  return Number(r > 2147483647n ? 2147483647n : r < -2147483648n ? -2147483648n : r);
}

/** TFLite's MultiplyByQuantizedMultiplier in the current rounding mode (double rounding unless set otherwise). */
export function multiplyByQuantizedMultiplier(x: number, multiplier: number, shift: number): number {
  if (roundingMode !== 'double') return singleRounding(x, multiplier, shift);
  const left = shift > 0 ? shift : 0;
  const right = shift > 0 ? 0 : -shift;
  return roundingDivideByPOT(saturatingRoundingDoublingHighMul(left === 0 ? x : (x * 2 ** left) | 0, multiplier), right);
}

/** TFLite's MultiplyByQuantizedMultiplierSmallerThanOneExp (shift <= 0), used by ADD. */
export function multiplyByQuantizedMultiplierSmallerThanOne(x: number, multiplier: number, shift: number): number {
  if (roundingMode !== 'double') return singleRounding(x, multiplier, shift);
  return roundingDivideByPOT(saturatingRoundingDoublingHighMul(x, multiplier), -shift);
}

/** Clamps to [lo, hi]. */
export const clamp = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x);

/** The int8 range of a fused activation for an output quantised with (scale, zeroPoint), as TFLite computes it. */
export function activationRange(activation: 'none' | 'relu' | 'relu6', scale: number, zeroPoint: number): { min: number; max: number } {
  const q = (v: number): number => zeroPoint + Math.round(v / scale);
  if (activation === 'relu') return { min: Math.max(-128, q(0)), max: 127 };
  if (activation === 'relu6') return { min: Math.max(-128, q(0)), max: Math.min(127, q(6)) };
  return { min: -128, max: 127 };
}
