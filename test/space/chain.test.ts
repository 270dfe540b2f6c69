import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nodeCosts } from '../../src/arch/graph.js';
import { ChainSpace, type ChainGenome } from '../../src/space/chain/index.js';
import { Rng } from '../../src/util/rng.js';
import { searchSpaceContract } from './contract.js';

searchSpaceContract('chain', () => new ChainSpace(), {
  badGenomes: [{ features: [], head: 'gap', dense: [] }, { features: [{ type: 'conv', filters: 9, kernel: 3, stride: 1 }], head: 'gap', dense: [] }, { features: [{ type: 'lstm' }], head: 'gap', dense: [] }, { features: [{ type: 'pool', pool: 'max' }], head: 'gap', dense: [3] }, { features: [{ type: 'pool', pool: 'max' }], head: 'max', dense: [] }],
});

test('chain: a hand-made genome decodes to the expected shapes and MACs', () => {
  const space = new ChainSpace();
  const g: ChainGenome = { features: [{ type: 'conv', filters: 16, kernel: 3, stride: 2 }, { type: 'dwconv', kernel: 3, stride: 1 }, { type: 'pool', pool: 'max' }], head: 'gap', dense: [32] };
  const costs = nodeCosts(space.decode(g));
  // conv 3x3 stride 2 on 32x32x3 -> 16x16x16: 16*16*16*27 = 110,592 MACs; depthwise 3x3 on 16x16x16: 16*16*16*9 = 36,864.
  assert.equal(costs.find((c) => c.id === 'f1.conv')?.macs, 110_592);
  assert.equal(costs.find((c) => c.id === 'f2.dw')?.macs, 36_864);
  assert.deepEqual(costs.find((c) => c.id === 'f3')?.shape, [8, 8, 16]);
  assert.deepEqual(costs.at(-1)?.shape, [10]);
  // With a flatten head the 8x8x16 map feeds dense 32 directly: 1,024 * 32 = 32,768 MACs.
  assert.equal(nodeCosts(space.decode({ ...g, head: 'flatten' })).find((c) => c.id === 'd1')?.macs, 32_768);
});

test('chain: the validator names the layer that shrinks the map below 1x1, and repair keeps mutations valid', () => {
  const space = new ChainSpace({ inputShape: [4, 4, 1] });
  const g = { features: [{ type: 'pool', pool: 'max' }, { type: 'pool', pool: 'avg' }, { type: 'pool', pool: 'max' }], head: 'gap', dense: [] };
  assert.match(space.validate(g)[0]?.message ?? '', /chain: features\[2\] pool must see a map of at least 2x2; got 1x1/);
  const rng = new Rng(5);
  let x = space.initial('trivial', rng);
  for (let i = 0; i < 500; i++) {
    x = space.mutate(x, rng);
    assert.deepEqual(space.validate(x), []);
  }
});

test('chain: mutation grows the trivial network by morphisms', () => {
  const space = new ChainSpace();
  const rng = new Rng(2);
  let g = space.initial('trivial', rng);
  const lengths = new Set<number>();
  for (let i = 0; i < 200; i++) { g = space.mutate(g, rng); lengths.add(g.features.length); }
  assert.ok(lengths.size >= 4, `lengths seen: ${[...lengths]}`);
});
