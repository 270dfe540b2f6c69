import assert from 'node:assert/strict';
import { test } from 'node:test';
import { strategyByName } from '../../src/search/presets.js';
import { Scalarised, simplexWeights } from '../../src/search/scalarised.js';
import { NB201_OPS, Nb201Space } from '../../src/space/nb201/index.js';
import { Rng } from '../../src/util/rng.js';

test('simplex weights are positive and sum to 1; their mean is uniform', () => {
  const rng = new Rng(0);
  const sum = [0, 0, 0];
  for (let i = 0; i < 3000; i++) {
    const w = simplexWeights(3, rng);
    assert.ok(w.every((x) => x >= 0) && Math.abs(w.reduce((a, b) => a + b, 0) - 1) < 1e-12);
    w.forEach((x, k) => (sum[k]! += x));
  }
  assert.ok(sum.every((s) => Math.abs(s / 3000 - 1 / 3) < 0.02), JSON.stringify(sum));
});

test('scalarised on nb201 (max #conv3x3, min #non-none): same seed same trace, population kept, front reached', () => {
  const run = (seed: number) => {
    const space = new Nb201Space();
    const s = new Scalarised(space, { populationSize: 10, seed });
    const keys: string[] = [];
    for (let i = 0; i < 200; i++) {
      const [p] = s.ask(1);
      keys.push(space.key(p!.genome));
      const g = p!.genome;
      s.tell([{ proposal: p!, objectives: [g.filter((o) => o === NB201_OPS.indexOf('nor_conv_3x3')).length, g.filter((o) => o !== 0).length], violation: 0 }]);
    }
    return { s, keys };
  };
  assert.deepEqual(run(5).keys, run(5).keys);
  const { s } = run(5);
  assert.equal(s.members.length, 10);
  // The all-conv3x3 cell (6, 6) is on this front; 200 children of aging evolution find it.
  assert.ok(run(5).keys.includes('|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|'));
  assert.ok(strategyByName('scalarised', new Nb201Space(), 0) instanceof Scalarised);
});
