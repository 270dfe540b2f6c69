import assert from 'node:assert/strict';
import { test } from 'node:test';
import { frexp, multiplyByQuantizedMultiplier, quantizeMultiplier, roundingDivideByPOT, saturatingRoundingDoublingHighMul } from '../../src/quantize/fixed-point.js';
import { Rng } from '../../src/util/rng.js';

/** gemmlowp's definition in 64-bit integers, with C's truncating division. */
function highMulReference(a: number, b: number): number {
  if (a === -2147483648 && b === -2147483648) return 2147483647;
  const ab = BigInt(a) * BigInt(b);
  const nudge = ab >= 0n ? 1n << 30n : 1n - (1n << 30n);
  return Number((ab + nudge) / (1n << 31n));
}

const int32 = (rng: Rng): number => {
  const r = rng.next();
  if (r < 0.1) return [0, 1, -1, 2147483647, -2147483648, 1 << 30, -(1 << 30)][rng.int(0, 6)] as number;
  const bits = rng.int(1, 31);
  return Math.trunc((rng.next() * 2 - 1) * 2 ** bits);
};

test('SaturatingRoundingDoublingHighMul equals the 64-bit integer definition on 200,000 pairs and the edge cases', () => {
  const rng = new Rng(11);
  for (let i = 0; i < 200_000; i++) {
    const a = Math.max(-2147483648, Math.min(2147483647, int32(rng)));
    const b = Math.max(-2147483648, Math.min(2147483647, int32(rng)));
    assert.equal(saturatingRoundingDoublingHighMul(a, b), highMulReference(a, b), `a=${a} b=${b}`);
  }
  assert.equal(saturatingRoundingDoublingHighMul(-2147483648, -2147483648), 2147483647);
});

test('RoundingDivideByPOT rounds half away from zero for every exponent', () => {
  const rng = new Rng(3);
  for (let i = 0; i < 50_000; i++) {
    const x = Math.max(-2147483648, Math.min(2147483647, int32(rng))) | 0;
    const e = rng.int(0, 31);
    const exact = x / 2 ** e;
    const want = Math.sign(exact) * Math.floor(Math.abs(exact) + 0.5);
    assert.equal(roundingDivideByPOT(x, e) + 0, want + 0, `x=${x} e=${e}`);
  }
});

test('quantizeMultiplier gives a Q31 multiplier within 2^-31 relative of the real value', () => {
  const rng = new Rng(5);
  for (let i = 0; i < 10_000; i++) {
    const real = Math.exp((rng.next() - 0.7) * 30);
    const { multiplier, shift } = quantizeMultiplier(real);
    assert.ok(multiplier >= 2 ** 30 && multiplier < 2 ** 31, `multiplier ${multiplier} for ${real}`);
    assert.ok(Math.abs((multiplier / 2 ** 31) * 2 ** shift - real) <= real * 2 ** -30, `real ${real}`);
  }
  assert.deepEqual(quantizeMultiplier(0), { multiplier: 0, shift: 0 });
  assert.deepEqual(frexp(8), { fraction: 0.5, exponent: 4 });
  assert.deepEqual(frexp(0.75), { fraction: 0.75, exponent: 0 });
});

test('MultiplyByQuantizedMultiplier scales by the real multiplier to within one unit', () => {
  const rng = new Rng(9);
  for (let i = 0; i < 50_000; i++) {
    const real = Math.exp((rng.next() - 0.8) * 12);
    const x = Math.trunc((rng.next() * 2 - 1) * 2 ** 20);
    const { multiplier, shift } = quantizeMultiplier(real);
    const y = multiplyByQuantizedMultiplier(x, multiplier, shift);
    assert.ok(Math.abs(y - x * real) <= 1, `x=${x} real=${real}: got ${y}, exact ${x * real}`);
  }
});
