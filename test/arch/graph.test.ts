import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GraphBuilder } from '../../src/arch/builder.js';
import { buildGraph, nodeCosts, residualBranchEnds, summary, totalMacs, totalParams } from '../../src/arch/graph.js';
import { dsCnn, fcAutoencoder, mobileNetV1, mobileNetV2, mobileNetV2Full, resnet8 } from '../../src/arch/zoo/index.js';
import { ShapeError } from '../../src/errors.js';

test('conv2d x=[32,32,3] k=3 s=2 c=16 same -> [16,16,16], 432 weights + 16 bias, 16*16*16*27 MACs', () => {
  const b = new GraphBuilder([32, 32, 3]);
  b.conv2d(b.input, { filters: 16, kernel: 3, strides: 2 });
  const g = b.build();
  const c = nodeCosts(g)[1];
  assert.deepEqual(c?.shape, [16, 16, 16]);
  assert.equal(c?.params, 3 * 3 * 3 * 16 + 16);
  assert.equal(c?.macs, 16 * 16 * 16 * 27);
});

test('conv2d x=[15,15,4] k=5 s=2 valid -> [6,6,8]; depthwise k=3 s=2 same on [7,9,8] -> [4,5,8]', () => {
  const b = new GraphBuilder([15, 15, 4]);
  const c = b.conv2d(b.input, { filters: 8, kernel: 5, strides: 2, padding: 'valid' });
  const g1 = b.build(c);
  assert.deepEqual(g1.nodes[1]?.shape, [6, 6, 8]);
  const b2 = new GraphBuilder([7, 9, 8]);
  b2.depthwiseConv2d(b2.input, { strides: 2 });
  assert.deepEqual(b2.build().nodes[1]?.shape, [4, 5, 8]);
});

// DS-CNN (MLPerf Tiny KWS): conv 10x4x1x64 = 2,560 MACs per output x 25*5 outputs = 320,000; each DW 3x3 on
// 25x5x64 = 72,000; each PW 64x64 on 125 pixels = 512,000; dense 64x12 = 768. Sum of conv/dw/fc MACs = 2,656,768,
// the figure computed from the reference .tflite (shared/reference/mcu/reference_models.md).
test('ds-cnn conv+depthwise+dense MACs equal the MLPerf Tiny reference 2,656,768', () => {
  const g = dsCnn();
  const macs = nodeCosts(g).filter((c) => ['conv2d', 'depthwiseConv2d', 'dense'].includes(c.kind)).reduce((s, c) => s + c.macs, 0);
  assert.equal(macs, 2_656_768);
  assert.deepEqual(g.nodes.find((n) => n.id === 'stem.conv')?.shape, [25, 5, 64]);
});

// ResNet-8: 12,501,632 conv + dense MACs in the reference .tflite.
test('resnet8 conv+dense MACs equal the MLPerf Tiny reference 12,501,632', () => {
  const macs = nodeCosts(resnet8()).filter((c) => ['conv2d', 'dense'].includes(c.kind)).reduce((s, c) => s + c.macs, 0);
  assert.equal(macs, 12_501_632);
});

test('mobilenet-v2 default has 4 inverted-residual blocks, two residual adds, output [10]', () => {
  const g = mobileNetV2();
  assert.equal(g.nodes.filter((n) => n.id.endsWith('.dw.dw')).length, 4);
  assert.equal(g.nodes.filter((n) => n.kind === 'add').length, 2);
  assert.deepEqual(g.nodes[g.nodes.length - 1]?.shape, [10]);
  assert.ok(totalParams(g) > 10_000 && totalMacs(g) > 1_000_000);
});

test('add of mismatched shapes names the node and both shapes', () => {
  const b = new GraphBuilder([8, 8, 3]);
  const a = b.conv2d(b.input, { filters: 4, id: 'a' });
  const c = b.conv2d(b.input, { filters: 5, id: 'c' });
  b.add([a, c], 'sum');
  assert.throws(() => b.build(), (e: unknown) => e instanceof ShapeError && /add 'sum'/.test(e.message) && /\[8,8,4\]/.test(e.message) && /\[8,8,5\]/.test(e.message));
});

test('dense on a rank-3 input, unknown input id, and a too-large valid kernel give ShapeErrors that say what to do', () => {
  const b = new GraphBuilder([4, 4, 2]);
  b.dense(b.input, 3, { id: 'fc' });
  assert.throws(() => b.build(), /dense 'fc': dense input must have rank 1; got \[4,4,2\]\. Insert a flatten/);
  assert.throws(() => buildGraph([4, 4, 2], [{ id: 'in', kind: 'input', inputs: [], attrs: {} }, { id: 'f', kind: 'flatten', inputs: ['nope'], attrs: {} }]), /input 'nope' must name an earlier node/);
  const b2 = new GraphBuilder([4, 4, 2]);
  b2.conv2d(b2.input, { filters: 2, kernel: 5, padding: 'valid', id: 'big' });
  assert.throws(() => b2.build(), /conv2d 'big': window 5x5 must fit the 4x4 input/);
  const b3 = new GraphBuilder([4, 4, 2]);
  b3.conv2d(b3.input, { filters: 0, id: 'zero' });
  assert.throws(() => b3.build(), /filters must be an integer in \[1, 65536\]; got 0/);
});

test('summary lists every node and the totals', () => {
  const g = dsCnn();
  const text = summary(g);
  for (const n of g.nodes) assert.match(text, new RegExp(n.id.replace(/\./g, '\\.')));
  assert.match(text, new RegExp(`total params ${totalParams(g)}, macs ${totalMacs(g)}`));
});

test('graphs are frozen: a node cannot be edited after build', () => {
  const g = dsCnn();
  assert.throws(() => { (g.nodes as unknown as unknown[]).push(1); });
  assert.throws(() => { (g.nodes[1] as { id: string }).id = 'x'; });
});

// VWW MobileNetV1-0.25: 7,489,664 conv + depthwise + dense MACs; AD FC autoencoder: 264,192 dense MACs
// (both computed from the reference .tflite files in shared/reference/mcu/reference_models.md).
test('mobilenetv1-0.25 and fc-autoencoder MACs equal the MLPerf Tiny references 7,489,664 and 264,192', () => {
  const weighted = (g: ReturnType<typeof mobileNetV1>) => nodeCosts(g).filter((c) => ['conv2d', 'depthwiseConv2d', 'dense'].includes(c.kind)).reduce((s, c) => s + c.macs, 0);
  assert.equal(weighted(mobileNetV1()), 7_489_664);
  assert.equal(weighted(fcAutoencoder()), 264_192);
  // 208,112 int8 weights + 2,740 int32 biases in the VWW .tflite; our count adds BN's 4 values per channel instead of biases.
  const w = nodeCosts(mobileNetV1()).filter((c) => c.kind !== 'batchNorm').reduce((s, c) => s + c.params, 0);
  assert.equal(w, 208_112 + 2);
});

// MobileNetV2-0.35 (Sandler et al. 2018): 17 inverted-residual blocks, 10 of them with a residual add
// (repeats 1+2+3+4+3+3+1 = 17; adds where stride 1 and channels unchanged: 1+2+3+2+2+0 = 10).
test('mobilenetv2-0.35 has 17 inverted-residual blocks and 10 residual adds; input 96x96x3 reaches 3x3 before the head', () => {
  const g = mobileNetV2Full();
  assert.equal(g.nodes.filter((n) => n.id.endsWith('.dw.dw')).length, 17);
  assert.equal(g.nodes.filter((n) => n.kind === 'add').length, 10);
  assert.deepEqual(g.nodes.find((n) => n.id === 'head.relu6')?.shape, [3, 3, 1280]);
});

// The reference int8 .tflite files hold (reference_models.md): DS-CNN 22,016 int8 weights + 590 int32 (588 biases
// + a 2-value reshape shape), ResNet-8 77,360 + 348 (346 + 2), MobileNetV1-0.25 208,112 + 2,740 (2,738 + 2),
// FC-AE 264,192 + 1,672. Batch norm folds into one bias per output channel of the conv, depthwise or dense before it.
test('MLPerf Tiny models: kernel weights and folded biases equal the int8 and int32 counts of the reference .tflite files', () => {
  const counts = (g: ReturnType<typeof dsCnn>) => {
    let weights = 0;
    let biases = 0;
    for (const n of g.nodes) {
      if (n.kind !== 'conv2d' && n.kind !== 'depthwiseConv2d' && n.kind !== 'dense') continue;
      const out = n.shape[n.shape.length - 1] as number;
      const c = nodeCosts(g).find((x) => x.id === n.id)?.params ?? 0;
      weights += c - (n.attrs.useBias ? out : 0);
      biases += out;
    }
    return [weights, biases];
  };
  assert.deepEqual(counts(dsCnn()), [22_016, 588]);
  assert.deepEqual(counts(resnet8()), [77_360, 346]);
  assert.deepEqual(counts(mobileNetV1()), [208_112, 2_738]);
  assert.deepEqual(counts(fcAutoencoder()), [264_192, 1_672]);
});

test('residualBranchEnds: the batch norm closing each identity-shortcut branch, none where a projection shortcut runs beside it', () => {
  const g = resnet8();
  const ends = residualBranchEnds(g);
  const adds = g.nodes.filter((n) => n.kind === 'add');
  assert.equal(adds.length, 3);
  // Stack 1 has an identity shortcut; stacks 2 and 3 downsample with a 1x1 projection beside the branch.
  assert.equal(ends.size, 1);
  const [end] = [...ends] as [string];
  const add = adds.find((a) => a.inputs.includes(end));
  assert.ok(add && g.nodes.find((n) => n.id === end)?.kind === 'batchNorm');
  // MobileNetV2: every stride-1 block with equal channels adds its projection's batch norm onto its input.
  const m = mobileNetV2();
  assert.equal(residualBranchEnds(m).size, m.nodes.filter((n) => n.kind === 'add').length);
  assert.equal(residualBranchEnds(dsCnn()).size, 0);
});
