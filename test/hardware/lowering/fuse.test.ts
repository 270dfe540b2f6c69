import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GraphBuilder } from '../../../src/arch/builder.js';
import { dsCnn, fcAutoencoder, resnet8 } from '../../../src/arch/zoo/index.js';
import { lowerGraph } from '../../../src/hardware/lowering/fuse.js';

test('ds-cnn lowers to 11 ops: conv-BN-ReLU blocks fold into one op each, the BN gives every conv a bias', () => {
  const d = lowerGraph(dsCnn());
  // stem + 4 x (depthwise + pointwise) + global pool + dense = 1 + 8 + 1 + 1
  assert.equal(d.ops.length, 11);
  assert.deepEqual(d.ops.map((o) => o.opClass), ['conv', ...Array(4).fill(['depthwise', 'pointwise']).flat(), 'pool', 'dense']);
  const stem = d.ops[0]!;
  assert.deepEqual(stem.nodeIds, ['stem.conv', 'stem.bn', 'stem.relu']);
  assert.equal(stem.fusedActivation, 'relu');
  // weights 10 x 4 x 1 x 64 = 2,560 int8; folded BN -> 64 int32 biases = 256 B; 64 per-channel scales
  assert.deepEqual([stem.weightBytes, stem.biasBytes, stem.quantChannels, stem.constTensors], [2560, 256, 64, 2]);
  // 12 activation tensors: the input and one per op, int8: the stem output is 25 x 5 x 64 = 8,000 B
  assert.equal(d.tensors.length, 12);
  assert.equal(d.tensors[stem.output]!.bytes, 8000);
  assert.equal(d.tensors[stem.output]!.id, 'stem.relu');
});

test('resnet8: the residual add takes the ReLU after it; the 1x1 projections are pointwise ops with their own bias', () => {
  const d = lowerGraph(resnet8());
  // stem + 3 stacks x (conv a, conv b, add) + 2 projections + pool + dense = 1 + 9 + 2 + 2
  assert.equal(d.ops.length, 14);
  const add = d.ops.find((o) => o.id === 's1.add')!;
  assert.deepEqual([add.opClass, add.fusedActivation, add.nodeIds], ['elementwise', 'relu', ['s1.add', 's1.relu']]);
  const proj = d.ops.find((o) => o.id === 's2.proj')!;
  // 1 x 1 x 16 x 32 = 512 weights; useBias true by default in the builder -> 32 biases = 128 B
  assert.deepEqual([proj.opClass, proj.weightBytes, proj.biasBytes], ['pointwise', 512, 128]);
});

test('fc-autoencoder: 10 dense ops, 264,192 int8 weights and 1,672 int32 biases (6,688 B), per-tensor scales', () => {
  const d = lowerGraph(fcAutoencoder());
  assert.equal(d.ops.length, 10);
  // 640*128 + 3*128*128 + 128*8 + 8*128 + 3*128*128 + 128*640 = 264,192; biases 8*128 + 8 + 640 = 1,672
  assert.equal(d.ops.reduce((s, o) => s + o.weightBytes, 0), 264_192);
  assert.equal(d.ops.reduce((s, o) => s + o.biasBytes, 0), 6_688);
  assert.ok(d.ops.every((o) => o.quantChannels === 1));
});

test('no fusion when the producer has a second reader, for a BN after an add, or for softmax', () => {
  const b = new GraphBuilder([4, 4, 8]);
  const c = b.conv2d(b.input, { filters: 8, kernel: 1, id: 'c' });
  const r = b.activation(c, 'relu', 'r');
  const s = b.add([c, r], 's');
  const n = b.batchNorm(s, { id: 'n' });
  const g = b.globalAvgPool(n, 'g');
  b.activation(b.dense(g, 3, { id: 'fc' }), 'softmax', 'sm');
  const d = lowerGraph(b.build());
  assert.deepEqual(d.ops.map((o) => [o.id, o.opClass]), [['c', 'pointwise'], ['r', 'elementwise'], ['s', 'elementwise'], ['n', 'elementwise'], ['g', 'pool'], ['fc', 'dense'], ['sm', 'softmax']]);
  // A lone batch norm keeps one int8 multiplier and one int32 offset per channel: 8 B + 32 B.
  const bn = d.ops.find((o) => o.id === 'n')!;
  assert.deepEqual([bn.weightBytes, bn.biasBytes, bn.constTensors], [8, 32, 2]);
  // c is read by r and s: one tensor with two consumers.
  assert.deepEqual(d.tensors[d.ops[0]!.output]!.consumers, [1, 2]);
});
