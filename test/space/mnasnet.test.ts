import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nodeCosts } from '../../src/arch/graph.js';
import { MnasnetSpace } from '../../src/space/mnasnet/index.js';
import { searchSpaceContract } from './contract.js';

searchSpaceContract('mnasnet', () => new MnasnetSpace(), { badGenomes: [[0, 0, 0], new Array(25).fill(4)] });

test('mnasnet: each stage decodes its own op, kernel, skip, layers and width', () => {
  const space = new MnasnetSpace();
  // stage 1: mbconv6, kernel 5, identity skip, 2 layers, width 1.0 (16 channels); other stages: 1 plain 3x3 conv.
  const g = [3, 1, 1, 1, 1, ...new Array(20).fill(0)];
  const costs = nodeCosts(space.decode(g));
  // expand 1x1: 32*32*16 -> 96 channels = 32*32*96*16 = 1,572,864 MACs; depthwise 5x5 on 32x32x96 = 32*32*96*25 = 2,457,600.
  assert.equal(costs.find((c) => c.id === 's1.l1.expand.conv')?.macs, 1_572_864);
  assert.equal(costs.find((c) => c.id === 's1.l1.dw.dw')?.macs, 2_457_600);
  assert.ok(costs.some((c) => c.id === 's1.l2.add') && costs.some((c) => c.id === 's1.l1.add'));
  // stage 2, width 0.75 of 24 = 18 -> rounded to 16 channels, stride 2: 16x16x16.
  assert.deepEqual(costs.find((c) => c.id === 's2.l1.relu6')?.shape, [16, 16, 16]);
});
