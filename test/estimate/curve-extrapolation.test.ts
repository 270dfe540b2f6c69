import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extrapolateCurve, isHopeless } from '../../src/estimate/curve-extrapolation.js';
import { EngineError } from '../../src/errors.js';

const pow3 = (x: number) => 0.95 - 0.4 * Math.pow(x, -0.7);
const exp3 = (x: number) => 0.9 - 0.5 * Math.exp(-0.3 * x);

test('extrapolation recovers a pow3 curve at epoch 50 from 6 epochs within 0.01', () => {
  const curve = Array.from({ length: 6 }, (_, i) => pow3(i + 1));
  const e = extrapolateCurve(curve, 50);
  assert.ok(Math.abs(e.mean - pow3(50)) < 0.01, `${e.mean} vs ${pow3(50)}`);
});

test('extrapolation recovers an exponential curve at epoch 30 from 8 epochs within 0.01', () => {
  const curve = Array.from({ length: 8 }, (_, i) => exp3(i + 1));
  const e = extrapolateCurve(curve, 30);
  assert.ok(Math.abs(e.mean - exp3(30)) < 0.01, `${e.mean} vs ${exp3(30)}`);
});

test('noisy curves: the prediction stays in [best seen, 1] and the spread grows with the noise', () => {
  let s = 7;
  const noise = (amp: number) => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648 - 0.5) * amp;
  const clean = extrapolateCurve(Array.from({ length: 6 }, (_, i) => pow3(i + 1)), 40);
  const noisyCurve = Array.from({ length: 6 }, (_, i) => pow3(i + 1) + noise(0.06));
  const noisy = extrapolateCurve(noisyCurve, 40);
  assert.ok(noisy.mean >= Math.max(...noisyCurve) && noisy.mean <= 1);
  assert.ok(noisy.std > clean.std);
});

test('isHopeless stops a curve that cannot reach the best, and keeps one that can', () => {
  const poor = Array.from({ length: 4 }, (_, i) => 0.5 - 0.2 * Math.pow(i + 1, -1));
  const good = Array.from({ length: 4 }, (_, i) => pow3(i + 1));
  assert.equal(isHopeless(poor, 20, 0.9), true);
  assert.equal(isHopeless(good, 20, 0.9), false);
  assert.equal(isHopeless(poor.slice(0, 2), 20, 0.9), false);
});

test('too few points or a target inside the curve are EngineErrors that say what to do', () => {
  assert.throws(() => extrapolateCurve([0.1, 0.2], 10), (e: unknown) => e instanceof EngineError && /at least 3 epochs; got 2/.test(e.message));
  assert.throws(() => extrapolateCurve([0.1, 0.2, 0.3], 2), /targetEpoch must be after the observed 3 epochs; got 2/);
});
