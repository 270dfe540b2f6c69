import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kendallTau, spearman } from '../../src/estimate/rank.js';

test('rank correlations: perfect, reversed, a worked example with ties', () => {
  const a = [1, 2, 3, 4, 5];
  assert.equal(spearman(a, [10, 20, 30, 40, 50]), 1);
  assert.equal(kendallTau(a, [5, 4, 3, 2, 1]), -1);
  // One swapped pair among 5: tau = (9 - 1) / 10; Spearman = 1 - 6 * 2 / (5 * 24).
  assert.ok(Math.abs(kendallTau(a, [1, 2, 4, 3, 5]) - 0.8) < 1e-12);
  assert.ok(Math.abs(spearman(a, [1, 2, 4, 3, 5]) - 0.9) < 1e-12);
  // tau-b with one tie in b: C=8, D=1, ties in b=1 -> 7 / sqrt(10 * 9).
  assert.ok(Math.abs(kendallTau([1, 2, 3, 4, 5], [1, 3, 2, 4, 4]) - 7 / Math.sqrt(90)) < 1e-12);
  assert.throws(() => spearman([1], [1]), /equal-length/);
});
