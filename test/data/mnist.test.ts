import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stratifiedSplit } from '../../src/data/dataset.js';
import { loadBundledMnist } from '../../src/data/mnist.js';
import { DataError } from '../../src/errors.js';

test('bundled mnist: 28x28x1, 10 classes, disjoint stratified splits of all digits, pixels in [0,1]', () => {
  const d = loadBundledMnist();
  assert.deepEqual(d.inputShape, [28, 28, 1]);
  const total = d.train.n + d.validation.n + d.test.n;
  assert.ok(total > 9_000, `total ${total}`);
  assert.ok(Math.abs(d.test.n / total - 0.2) < 0.01);
  for (let c = 0; c < 10; c++) {
    const inTest = d.test.y.filter((y) => y === c).length;
    assert.ok(inTest > 150 && inTest < 260, `class ${c} has ${inTest} test digits`);
  }
  let min = Infinity;
  let max = -Infinity;
  for (const v of d.train.x) { if (v < min) min = v; if (v > max) max = v; }
  assert.ok(min >= 0 && max <= 1 && max > 0.9);
});

test('bundled mnist split is the same for the same seed and differs for another seed', () => {
  const a = loadBundledMnist(undefined, 5);
  const b = loadBundledMnist(undefined, 5);
  const c = loadBundledMnist(undefined, 6);
  assert.deepEqual(a.test.y, b.test.y);
  assert.notDeepEqual(a.test.y, c.test.y);
});

test('stratifiedSplit rejects fractions that leave no training data', () => {
  assert.throws(() => stratifiedSplit(new Float32Array(4), new Int32Array(4), 1, 1, { validation: 0.5, test: 0.5 }, 0),
    (e: unknown) => e instanceof DataError && /sum to < 1; got validation=0.5, test=0.5/.test(e.message));
});
