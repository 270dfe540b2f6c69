import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dominates2, paretoFront2, paretoFrontBruteForce, type TradeoffPoint } from '../../src/report/front.js';
import { Rng } from '../../src/util/rng.js';

function randomPoints(rng: Rng, n: number, grid: number): TradeoffPoint[] {
  // A coarse grid makes ties in cost, in value and exact duplicates common, the cases a sweep gets wrong.
  return Array.from({ length: n }, (_, trial) => ({ trial, cost: rng.int(0, grid), value: rng.int(0, grid) / grid }));
}

test('paretoFront2 equals the O(n^2) brute-force front on 300 random point sets (seeded, with ties)', () => {
  const rng = new Rng(12);
  for (let i = 0; i < 300; i++) {
    const pts = randomPoints(rng, rng.int(0, 60), rng.pick([3, 10, 1000]));
    assert.deepEqual(paretoFront2(pts), paretoFrontBruteForce(pts), `set ${i}: ${JSON.stringify(pts)}`);
  }
});

test('paretoFront2 [(10,0.5),(5,0.4),(5,0.6),(20,0.6),(1,0.1)] -> trials 4,2 (cheaper and no worse wins)', () => {
  const pts = [[10, 0.5], [5, 0.4], [5, 0.6], [20, 0.6], [1, 0.1]].map(([cost, value], trial) => ({ trial, cost: cost as number, value: value as number }));
  assert.deepEqual(paretoFront2(pts).map((p) => p.trial), [4, 2]);
});

test('paretoFront2: no front point is dominated and every other point is dominated or duplicates one (10,000 points)', () => {
  const pts = randomPoints(new Rng(3), 10_000, 5000);
  const front = paretoFront2(pts);
  for (const p of front) assert.ok(!pts.some((q) => dominates2(q, p)));
  const onFront = new Set(front.map((p) => p.trial));
  const sample = pts.filter((_, i) => i % 50 === 0 && !onFront.has(pts[i]?.trial ?? -1));
  for (const p of sample) assert.ok(front.some((q) => dominates2(q, p) || (q.cost === p.cost && q.value === p.value)), `trial ${p.trial}`);
});

test('paretoFront2 sorts 200,000 points in well under a second (O(n log n))', () => {
  const pts = randomPoints(new Rng(5), 200_000, 1e6);
  const t0 = performance.now();
  paretoFront2(pts);
  assert.ok(performance.now() - t0 < 1500, `took ${(performance.now() - t0).toFixed(0)} ms`);
});
