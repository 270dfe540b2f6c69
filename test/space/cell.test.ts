import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nodeCosts, totalMacs, totalParams } from '../../src/arch/graph.js';
import type { ArchGraph } from '../../src/arch/types.js';
import { CellSpace, type CellGenotype } from '../../src/space/cell/index.js';
import { Rng } from '../../src/util/rng.js';
import { searchSpaceContract } from './contract.js';

searchSpaceContract('cell', () => new CellSpace(), {
  badGenomes: [[0, 1, 2], new Array(32).fill(0).map((_, i) => (i === 0 ? 2 : 0)), new Array(32).fill(0).map((_, i) => (i === 1 ? 6 : 0)),
    { normal: [], reduce: [] }, { normal: new Array(8).fill(['dil_conv_3x3', 0]), reduce: new Array(8).fill(['none', 0]) }],
});

const weightMacs = (g: ArchGraph) => nodeCosts(g).filter((c) => ['conv2d', 'depthwiseConv2d', 'dense'].includes(c.kind)).reduce((s, c) => s + c.macs, 0);
const node = (g: ArchGraph, id: string) => g.nodes.find((n) => n.id === id);
const none8 = new Array(2).fill(['none', 0]);

test('cell 8x8x3, C=4, B=2, one normal cell: 334 params, 17,672 conv/depthwise/dense MACs', () => {
  const space = new CellSpace({ inputShape: [8, 8, 3], stages: 1, cells: 1, nodes: 2, baseChannels: 4, classes: 2 });
  const genotype: CellGenotype = {
    normal: [['sep_conv_3x3', 1], ['skip_connect', 0], ['sep_conv_5x5', 2], ['max_pool_3x3', 1]],
    reduce: [...none8, ...none8],
  };
  const g = space.decode(space.fromJSON(genotype));
  // Params: stem conv 3*3*3*4 = 108, BN 16; node 2 sep3 dw 9*4 = 36, pw 4*4 = 16, BN 16; node 3 sep5 dw 25*4 = 100,
  // pw 16, BN 16; dense 4*2 + 2 = 10. Sum 334.
  assert.equal(totalParams(g), 334);
  // MACs: stem 8*8*4*27 = 6,912; sep3 dw 64*4*9 = 2,304 + pw 64*4*4 = 1,024; sep5 dw 64*4*25 = 6,400 + pw 1,024;
  // dense 8. Sum 17,672. Node 2 feeds node 3, so node 3 alone is the cell output: no concat, no 1x1 conv.
  assert.equal(weightMacs(g), 17_672);
  assert.deepEqual(node(g, 's1.c1.n2')?.inputs, ['s1.c1.n2.a.relu', 'stem.bn']);
  assert.deepEqual(node(g, 'gap')?.inputs, ['s1.c1.n3']);
  assert.equal(g.nodes.some((n) => n.kind === 'concat'), false);
});

test('cell reduction: 8x8x4 -> 4x4x8 with stride-2 ops and a factorised reduce of c_{k-2}; 12,624 weight MACs', () => {
  const space = new CellSpace({ inputShape: [8, 8, 3], stages: 2, cells: 1, nodes: 1, baseChannels: 4 });
  const g = space.decode(space.fromJSON({ normal: [['skip_connect', 1], ['none', 0]], reduce: [['avg_pool_3x3', 0], ['skip_connect', 1]] }));
  assert.deepEqual(node(g, 'r1.n2')?.shape, [4, 4, 8]);
  assert.deepEqual(node(g, 's2.c1.pre0.conv')?.attrs, { filters: 8, kernel: [1, 1], strides: [2, 2], padding: 'same', dilation: [1, 1], groups: 1, useBias: false });
  assert.deepEqual(node(g, 's2.c1.n2.b')?.shape, [4, 4, 8]);
  // stem 8*8*4*27 = 6,912; r1 pre0 and pre1 (1x1, 4 -> 8 at 8x8) 2 * 64*32 = 4,096; r1 strided skip (1x1, 8 -> 8 at
  // 4x4) 16*64 = 1,024; s2.c1 factorised reduce of the 8x8x4 c_{k-2} (1x1 stride 2, 4 -> 8) 16*32 = 512; dense 8*10
  // = 80. Sum 12,624.
  assert.equal(weightMacs(g), 12_624);
  assert.deepEqual(node(g, 'r1.n2.b.bn')?.inputs, ['r1.n2.b.conv']);
  // A 'none' edge of a reduction cell is zero of a subsampled input (1x1 max pool, stride 2), so shapes match.
  const z = space.decode(space.fromJSON({ normal: [['skip_connect', 1], ['none', 0]], reduce: [['none', 0], ['skip_connect', 1]] }));
  assert.deepEqual(node(z, 'r1.n2.a')?.inputs, ['r1.n2.a.sub']);
  assert.deepEqual(node(z, 'r1.n2.a')?.shape, [4, 4, 8]);
});

test('cell output concatenates the loose nodes and projects 2C -> C with a 1x1 conv', () => {
  const space = new CellSpace({ inputShape: [8, 8, 3], stages: 1, nodes: 2, baseChannels: 4 });
  const g = space.decode(space.fromJSON({ normal: [['max_pool_3x3', 0], ['avg_pool_3x3', 1], ['skip_connect', 0], ['none', 1]], reduce: [...none8, ...none8] }));
  assert.deepEqual(node(g, 's1.c1.concat')?.shape, [8, 8, 8]);
  assert.deepEqual(node(g, 's1.c1.out.bn')?.shape, [8, 8, 4]);
  // 1x1 conv 8 -> 4 at 8x8: 64*8*4 = 2,048 MACs.
  assert.equal(nodeCosts(g).find((c) => c.id === 's1.c1.out.conv')?.macs, 2_048);
});

test('cell key ignores the order of a node\'s two edges; genotype JSON names ops and inputs', () => {
  const space = new CellSpace();
  const g = space.initial('rich', new Rng(2));
  const swapped = [...g];
  [swapped[0], swapped[1], swapped[2], swapped[3]] = [g[2] as number, g[3] as number, g[0] as number, g[1] as number];
  assert.equal(space.key(swapped), space.key(g));
  assert.notDeepEqual(swapped, g);
  assert.equal(space.toJSON(g).normal.length, 8);
  assert.throws(() => space.fromJSON({ normal: new Array(8).fill(['sep_conv_3x3', 3]), reduce: [] }), /cell: genotype.normal\[0\] must be \[op, input\] with op one of .* and input an integer in \[0, 1\]/);
  assert.throws(() => new CellSpace({ nodes: 0 }), /cell: options.nodes must be an integer in \[1, 8\]; got 0\./);
});

test('cell defaults are MCU-sized: 300 samples between 1 and 8 M MACs', () => {
  const space = new CellSpace();
  const rng = new Rng(11);
  for (let i = 0; i < 300; i++) {
    const macs = totalMacs(space.decode(space.sample(rng)));
    assert.ok(macs > 1e6 && macs < 8e6, `sample ${i}: ${macs} MACs`);
  }
});
