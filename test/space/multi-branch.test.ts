import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nodeCosts, totalParams } from '../../src/arch/graph.js';
import type { ArchGraph } from '../../src/arch/types.js';
import { MultiBranchSpace } from '../../src/space/multi-branch/index.js';
import { Rng } from '../../src/util/rng.js';
import { searchSpaceContract } from './contract.js';

searchSpaceContract('multi-branch', () => new MultiBranchSpace(), {
  badGenomes: [[0, 1, 0], new Array(18).fill(2), [...new Array(17).fill(0), 0.5], '1-01-011', '1-01-011|1-01-011|1-01-0111', '1-01-012|1-01-011|1-01-011'],
});

const convMacs = (g: ArchGraph) => nodeCosts(g).filter((c) => c.kind === 'conv2d' || c.kind === 'dense').reduce((s, c) => s + c.macs, 0);
const node = (g: ArchGraph, id: string) => g.nodes.find((n) => n.id === id);

test('multi-branch all bits 0 -> one conv per stage: 24,570 params, 2,802,304 conv+dense MACs', () => {
  const space = new MultiBranchSpace();
  const g = space.decode(space.fromJSON('0-00-000|0-00-000|0-00-000'));
  // Params: convs 3*3*3*16 = 432, 3*3*16*32 = 4,608, 3*3*32*64 = 18,432; BN 4 per channel: 4*(16+32+64) = 448;
  // dense 64*10 + 10 = 650. Sum 24,570.
  assert.equal(totalParams(g), 24_570);
  // MACs: 32*32*16*27 = 442,368; 16*16*32*144 = 1,179,648; 8*8*64*288 = 1,179,648; dense 640. Sum 2,802,304.
  assert.equal(convMacs(g), 2_802_304);
  assert.deepEqual(node(g, 's3.n1.relu')?.shape, [8, 8, 64]);
  assert.deepEqual(node(g, 'classifier')?.shape, [10]);
});

test('multi-branch chain 1-01-001 in every stage: 4 convs per stage, 24,035,968 conv+dense MACs', () => {
  const space = new MultiBranchSpace();
  const g = space.decode(space.fromJSON('1-01-001|1-01-001|1-01-001'));
  // Stage 1: 442,368 + 3 * 32*32*16*144 (2,359,296) = 7,520,256. Stages 2 and 3: 1,179,648 + 3 * 2,359,296
  // = 8,257,536 each. Plus dense 640: 7,520,256 + 2 * 8,257,536 + 640 = 24,035,968.
  assert.equal(convMacs(g), 24_035_968);
  assert.equal(g.nodes.filter((n) => n.kind === 'add').length, 0);
  assert.equal(g.nodes.filter((n) => n.kind === 'conv2d').length, 12);
});

test('multi-branch diamond 1-10-011: node 4 sums nodes 2 and 3, the stage output is node 4', () => {
  const space = new MultiBranchSpace({ stages: 1, inputShape: [8, 8, 3] });
  const g = space.decode(space.fromJSON('1-10-011'));
  assert.deepEqual(node(g, 's1.n1.conv')?.inputs, ['input']);
  assert.deepEqual(node(g, 's1.n2.conv')?.inputs, ['s1.n1.relu']);
  assert.deepEqual(node(g, 's1.n3.conv')?.inputs, ['s1.n1.relu']);
  assert.deepEqual(node(g, 's1.n4.in')?.inputs, ['s1.n2.relu', 's1.n3.relu']);
  assert.deepEqual(node(g, 'gap')?.inputs, ['s1.n4.relu']);
});

test('multi-branch 0-00-001 drops isolated nodes 1 and 2; 1-10-000 sums the two sinks', () => {
  const space = new MultiBranchSpace({ stages: 1, inputShape: [8, 8, 3] });
  const a = space.decode(space.fromJSON('0-00-001'));
  assert.deepEqual(a.nodes.filter((n) => n.kind === 'conv2d').map((n) => n.id), ['s1.n3.conv', 's1.n4.conv']);
  assert.deepEqual(node(a, 's1.n3.conv')?.inputs, ['input']);
  const b = space.decode(space.fromJSON('1-10-000'));
  assert.equal(node(b, 's1.n4.conv'), undefined);
  assert.deepEqual(node(b, 's1.out')?.inputs, ['s1.n2.relu', 's1.n3.relu']);
});

test('multi-branch options: K=5 has 10 bits per stage; bad options name the option', () => {
  const space = new MultiBranchSpace({ nodesPerStage: 5, stages: 2 });
  assert.equal(space.decisions.length, 20);
  assert.equal(space.key(space.initial('trivial', new Rng(1))), '0-00-000-0000|0-00-000-0000');
  assert.throws(() => new MultiBranchSpace({ stages: 0 }), /multi-branch: options.stages must be an integer in \[1, 8\]; got 0\./);
  assert.throws(() => new MultiBranchSpace({ stages: 4, inputShape: [4, 4, 3] }), /height and width must be >= 8 for 4 stages/);
  assert.throws(() => space.fromJSON('1-01-011|1-01-011'), /multi-branch: stage 1 code must be 4 groups/);
});
