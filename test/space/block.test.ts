import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nodeCosts, totalMacs, totalParams } from '../../src/arch/graph.js';
import type { ArchGraph } from '../../src/arch/types.js';
import { BlockSpace, type Block } from '../../src/space/block/index.js';
import { Rng } from '../../src/util/rng.js';
import { searchSpaceContract } from './contract.js';

const conv = (channels: number, stride = 1, kernel = 3): Block => ({ type: 'conv', kernel, stride, channels });
const res = (channels: number, stride = 1): Block => ({ type: 'res', stride, channels });

searchSpaceContract('block', () => new BlockSpace(), {
  badGenomes: [[], [{ type: 'conv', kernel: 4, stride: 1, channels: 8 }], [{ type: 'foo' }], [{ ...res(8), extra: 1 }],
    new Array(9).fill(conv(8)), new Array(6).fill(conv(8, 2)), [conv(8), 'conv'], [{ type: 'dense', layers: 2, growth: 4, stride: 1 }]],
});

const weightMacs = (g: ArchGraph) => nodeCosts(g).filter((c) => ['conv2d', 'depthwiseConv2d', 'dense'].includes(c.kind)).reduce((s, c) => s + c.macs, 0);
const node = (g: ArchGraph, id: string) => g.nodes.find((n) => n.id === id);
const small = new BlockSpace({ inputShape: [8, 8, 3] });

test('block trivial = conv3x3 3->8 at 32x32: 338 params, 237,648 MACs', () => {
  const space = new BlockSpace();
  const g = space.decode(space.initial('trivial', new Rng(1)));
  // Params: conv 3*3*3*8 = 216, BN 4*8 = 32, dense 8*10 + 10 = 90. MACs: conv 32*32*8*27 = 221,184, BN 32*32*8 =
  // 8,192, global pool 8,192, dense 80: 237,648.
  assert.equal(totalParams(g), 338);
  assert.equal(totalMacs(g), 237_648);
});

test('block res s2 3->16 at 8x8 projects the shortcut: 3,146 params, 44,704 weight MACs', () => {
  const g = small.decode([res(16, 2)]);
  // conv a 3x3 s2 3->16: 4*4*16*27 = 6,912 MACs, 432 params; conv b 3x3 16->16: 4*4*16*144 = 36,864, 2,304; proj
  // 1x1 s2 3->16: 4*4*16*3 = 768, 48; 3 BN of 16: 192 params; dense 16*10 + 10 = 170 params, 160 MACs.
  assert.equal(totalParams(g), 432 + 2304 + 48 + 192 + 170);
  assert.equal(weightMacs(g), 44_704);
  assert.deepEqual(node(g, 'b1.add')?.shape, [4, 4, 16]);
  const same = small.decode([conv(16), res(16)]);
  assert.equal(node(same, 'b2.proj.conv'), undefined);
  assert.deepEqual(node(same, 'b2.add')?.inputs, ['b2.b.bn', 'b1.relu']);
});

test('block dense L=2 g=4 s2 -> 8 at 8x8x3: concat of 3 + 4 + 4 = 11 channels; 602 params, 28,752 weight MACs', () => {
  const g = small.decode([{ type: 'dense', layers: 2, growth: 4, stride: 2, channels: 8 }]);
  // l1 3x3 3->4: 64*4*27 = 6,912 MACs, 108 params; l2 3x3 over concat(3 + 4 = 7) -> 4: 64*4*63 = 16,128, 252;
  // transition 1x1 11 -> 8: 64*8*11 = 5,632, 88; BN 16 + 16 + 32 = 64 params; dense 90 params, 80 MACs.
  assert.equal(totalParams(g), 108 + 252 + 88 + 64 + 90);
  assert.equal(weightMacs(g), 28_752);
  assert.deepEqual(node(g, 'b1.cat')?.shape, [8, 8, 11]);
  assert.deepEqual(node(g, 'b1.pool')?.shape, [4, 4, 8]);
});

test('block mbconv e6 k5 keeps its residual, e1 s2 drops expand and residual: 3,098 params, 143,136 weight MACs', () => {
  const g = small.decode([conv(8), { type: 'mbconv', expand: 6, kernel: 5, stride: 1, channels: 8 }, { type: 'mbconv', expand: 1, kernel: 3, stride: 2, channels: 16 }]);
  // b1 conv 3->8: 64*8*27 = 13,824 MACs, 216 + 32 params. b2 expand 8->48: 64*48*8 = 24,576, 384 + 192; dw 5x5 on
  // 48: 64*48*25 = 76,800, 1,200 + 192; project 48->8: 24,576, 384 + 32. b3 dw 3x3 s2 on 8: 4*4*8*9 = 1,152, 72 + 32;
  // project 8->16: 16*16*8 = 2,048, 128 + 64. Dense 16*10 + 10 = 170 params, 160 MACs.
  assert.equal(totalParams(g), 248 + 2384 + 296 + 170);
  assert.equal(weightMacs(g), 143_136);
  assert.deepEqual(node(g, 'b2.add')?.inputs, ['b1.relu', 'b2.project.bn']);
  assert.equal(node(g, 'b3.add'), undefined);
  assert.equal(node(g, 'b3.expand.conv'), undefined);
});

test('block crossover of lengths 5 and 3: a prefix of a, then a suffix of b, at most 8 blocks', () => {
  const space = new BlockSpace();
  const a = [8, 16, 24, 32, 8].map((c) => conv(c, 1, 5));
  const b = [res(8), res(16), res(32)];
  const rng = new Rng(4);
  const seen = new Set<string>();
  for (let t = 0; t < 200; t++) {
    const child = space.crossover(a, b, rng);
    assert.deepEqual(space.validate(child), []);
    const i = child.findIndex((blk) => blk.type === 'res');
    assert.ok(i >= 1, 'at least one block of a');
    assert.deepEqual(child.slice(0, i), a.slice(0, i));
    assert.deepEqual(child.slice(i), b.slice(b.length - (child.length - i)));
    seen.add(`${i}/${child.length - i}`);
  }
  assert.equal(seen.size, 15, `every cut (5 prefixes x 3 suffixes) appears; got ${[...seen].join(' ')}`);
  const long = new Array(8).fill(conv(8));
  for (let t = 0; t < 50; t++) assert.ok(space.crossover(long, long, rng).length <= 8);
});

test('block crossover caps stride-2 blocks at 5 for 32x32, giving the last ones stride 1', () => {
  const space = new BlockSpace();
  const a = new Array(5).fill(conv(8, 2));
  const b = new Array(3).fill(conv(16, 2));
  const rng = new Rng(6);
  for (let t = 0; t < 50; t++) {
    const child = space.crossover(a, b, rng);
    assert.deepEqual(space.validate(child), []);
    const strides = child.map((blk) => blk.stride).join('');
    assert.match(strides, /^2{1,5}1*$/);
  }
});

test('block validate names block index and field; mutation adds, removes and changes', () => {
  const space = new BlockSpace();
  const bad = [conv(8), conv(8), conv(8), { type: 'mbconv', expand: 6, kernel: 4, stride: 1, channels: 8 }];
  assert.deepEqual(space.validate(bad).map((i) => i.message), ['block: block[3].kernel must be one of 3, 5, 7; got 4.']);
  assert.throws(() => space.fromJSON(bad), /block\[3\]\.kernel must be one of 3, 5, 7; got 4\./);
  assert.throws(() => new BlockSpace({ channels: [16, 8] }), /block: options.channels must be a non-empty ascending list/);
  const rng = new Rng(9);
  const lengths = new Set<number>();
  const g = [conv(8), res(16)];
  for (let t = 0; t < 100; t++) lengths.add(space.mutate(g, rng).length);
  assert.deepEqual([...lengths].sort(), [1, 2, 3]);
  assert.equal(space.key(space.fromJSON([{ channels: 8, type: 'res', stride: 1 }])), '[{"channels":8,"stride":1,"type":"res"}]');
});
