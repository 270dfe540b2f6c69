import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { GraphBuilder } from '../../src/arch/builder.js';
import type { ArchGraph } from '../../src/arch/types.js';
import { useBackend } from '../../src/engine/backend.js';
import { TfModel } from '../../src/engine/tfjs/model.js';
import type { WeightTensor } from '../../src/engine/weights.js';
import { quantizeGraph } from '../../src/quantize/ptq.js';
import { runQuantModel } from '../../src/quantize/interpreter/index.js';
import { quantizeValues } from '../../src/quantize/evaluate.js';
import { QuantizeError } from '../../src/quantize/errors.js';
import { Rng } from '../../src/util/rng.js';

await useBackend('cpu');

/** Seeded weights with non-trivial batch-norm statistics and biases, so folding and bias paths are exercised. */
function randomWeights(graph: ArchGraph, seed: number): WeightTensor[] {
  const m = new TfModel(graph, seed);
  const rng = new Rng(seed + 1);
  const w = m.getWeights().map((t) => {
    const role = t.name.split('/')[1];
    const values = Float32Array.from(t.values, (v) => {
      if (role === 'movingVariance' || role === 'gamma') return 0.5 + rng.next();
      if (role === 'movingMean' || role === 'beta' || role === 'bias') return rng.normal() * 0.2;
      return v;
    });
    return { ...t, values };
  });
  m.dispose();
  return w;
}

function randomInputs(graph: ArchGraph, n: number, seed: number): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: n * graph.inputShape.reduce((p, d) => p * d, 1) }, () => rng.next() * 2 - 0.5);
}

/** Float output of the graph on each sample, and the int8 interpreter's dequantized output on the same samples. */
function compare(graph: ArchGraph, seed = 1): { maxErr: number; outScale: number; range: number } {
  const weights = randomWeights(graph, seed);
  const calib = randomInputs(graph, 64, seed + 2);
  const { model } = quantizeGraph(graph, weights, calib);
  const test = randomInputs(graph, 8, seed + 3);
  const m = new TfModel(graph, 0);
  m.setWeights(weights);
  const size = graph.inputShape.reduce((p, d) => p * d, 1);
  const floatOut = tf.tidy(() => m.forward(tf.tensor(test, [8, ...graph.inputShape]), false, undefined, false).dataSync() as Float32Array);
  m.dispose();
  const inT = model.tensors[model.inputs[0] as number]!;
  const outT = model.tensors[model.outputs[0] as number]!;
  const [os, oz] = [outT.quant!.scale[0] as number, outT.quant!.zeroPoint[0] as number];
  const per = floatOut.length / 8;
  let maxErr = 0;
  let range = 0;
  for (let i = 0; i < 8; i++) {
    const x = quantizeValues(test.subarray(i * size, (i + 1) * size), inT.quant!.scale[0] as number, inT.quant!.zeroPoint[0] as number);
    const [y] = runQuantModel(model, [x]) as [Int8Array];
    for (let j = 0; j < per; j++) {
      const f = floatOut[i * per + j] as number;
      maxErr = Math.max(maxErr, Math.abs(os * ((y[j] as number) - oz) - f));
      range = Math.max(range, Math.abs(f));
    }
  }
  return { maxErr, outScale: os, range };
}

const cases: [string, (b: GraphBuilder) => string, readonly [number, number, number], number][] = [
  ['conv 3x3 same + relu', (b) => b.activation(b.conv2d(b.input, { filters: 8, kernel: 3 }), 'relu'), [9, 9, 3], 3],
  ['conv 5x5 stride 2 valid, no bias', (b) => b.conv2d(b.input, { filters: 6, kernel: 5, strides: 2, padding: 'valid', useBias: false }), [12, 11, 2], 3],
  ['grouped conv (2 groups) + bn', (b) => b.batchNorm(b.conv2d(b.input, { filters: 8, kernel: 3, groups: 2 })), [8, 8, 4], 3],
  ['depthwise x2 stride 2 + bn + relu6', (b) => b.activation(b.batchNorm(b.depthwiseConv2d(b.input, { kernel: 3, strides: 2, depthMultiplier: 2 })), 'relu6'), [10, 10, 3], 3],
  ['dense after flatten', (b) => b.dense(b.flatten(b.input), 7), [4, 4, 2], 3],
  ['max pool same s2 + avg pool 3x3 same s2', (b) => b.avgPool(b.maxPool(b.conv2d(b.input, { filters: 4 }), { pool: 2, strides: 2, padding: 'same' }), { pool: 3, strides: 2, padding: 'same' }), [11, 11, 1], 3],
  ['global average pool', (b) => b.globalAvgPool(b.conv2d(b.input, { filters: 5 })), [6, 6, 2], 2],
  // The pool's output shares the conv's (wider) scale, as TFLite's int8 average pool requires; the dense layer sums
  // five inputs each off by up to half of that larger step, so the bound is looser.
  ['global average pool + dense', (b) => b.dense(b.globalAvgPool(b.conv2d(b.input, { filters: 5 })), 4), [6, 6, 2], 6],
  ['residual add + relu', (b) => { const c = b.conv2d(b.input, { filters: 3 }); return b.activation(b.add([c, b.input]), 'relu'); }, [6, 6, 3], 4],
  ['three-input add', (b) => b.add([b.conv2d(b.input, { filters: 3 }), b.conv2d(b.input, { filters: 3, kernel: 1 }), b.input]), [5, 5, 3], 5],
  ['concat of two branches, then a lone relu and bn', (b) => b.batchNorm(b.activation(b.concat([b.conv2d(b.input, { filters: 3 }), b.conv2d(b.input, { filters: 2, kernel: 1 })]), 'relu')), [6, 6, 2], 4],
  ['zero pad + valid conv', (b) => b.conv2d(b.zeroPad(b.input, { top: 1, bottom: 2, left: 0, right: 1 }), { filters: 4, padding: 'valid' }), [6, 6, 2], 3],
];

for (const [name, build, shape, lsb] of cases) {
  test(`int8 interpreter matches float inference within ${lsb} output steps: ${name}`, () => {
    const b = new GraphBuilder(shape);
    const graph = b.build(build(b));
    const r = compare(graph);
    assert.ok(r.range > 0.05, `float output must not be trivial (max |y| = ${r.range})`);
    assert.ok(r.maxErr <= lsb * r.outScale, `max error ${r.maxErr} > ${lsb} x output scale ${r.outScale}`);
  });
}

test('a deeper net (conv-bn-relu x3, pools, dense) stays within 4% of the float output range', () => {
  const b = new GraphBuilder([16, 16, 1]);
  let x = b.convBnAct(b.input, { filters: 8, kernel: 3 });
  x = b.maxPool(x, { pool: 2 });
  x = b.dwBnAct(x, { kernel: 3 });
  x = b.convBnAct(x, { filters: 12, kernel: 1 });
  x = b.maxPool(x, { pool: 2 });
  const graph = b.build(b.dense(b.flatten(x), 10));
  const r = compare(graph, 7);
  assert.ok(r.maxErr <= 0.04 * r.range, `max error ${r.maxErr} vs range ${r.range}`);
});

test('softmax output uses scale 1/256 and zero point -128 and sums to about 1', () => {
  const b = new GraphBuilder([4, 4, 1]);
  const graph = b.build(b.activation(b.dense(b.flatten(b.input), 5), 'softmax'));
  const { model } = quantizeGraph(graph, randomWeights(graph, 2), randomInputs(graph, 16, 3));
  const out = model.tensors[model.outputs[0] as number]!;
  assert.deepEqual([out.quant!.scale[0], out.quant!.zeroPoint[0]], [1 / 256, -128]);
  const x = new Int8Array(16).map((_, i) => (i * 37) % 200 - 100);
  const [y] = runQuantModel(model, [x]) as [Int8Array];
  const sum = Array.from(y).reduce((s, v) => s + (v + 128) / 256, 0);
  assert.ok(Math.abs(sum - 1) < 0.03, `softmax sums to ${sum}`);
});

test('quantization explains what it cannot do: a missing weight, an unsupported activation', () => {
  const b = new GraphBuilder([4, 4, 1]);
  const graph = b.build(b.conv2d(b.input, { filters: 2, id: 'c' }));
  assert.throws(() => quantizeGraph(graph, [], randomInputs(graph, 2, 1)), (e: unknown) => e instanceof QuantizeError && /weight 'c\/kernel' is missing/.test(e.message));
  const b2 = new GraphBuilder([4, 4, 1]);
  const g2 = b2.build(b2.activation(b2.conv2d(b2.input, { filters: 2 }), 'sigmoid'));
  assert.throws(() => quantizeGraph(g2, randomWeights(g2, 1), randomInputs(g2, 2, 1)), (e: unknown) => e instanceof QuantizeError && /sigmoid/.test(e.message) && /relu, relu6 and softmax/.test(e.message));
  assert.throws(() => quantizeGraph(graph, randomWeights(graph, 1), new Float32Array(5)), /whole number/);
});

test('calibration methods: percentile clips an outlier that min/max keeps; MSE trades rare tails for finer steps', () => {
  const b = new GraphBuilder([8, 8, 1]);
  const graph = b.build(b.conv2d(b.input, { filters: 4 }));
  const w = randomWeights(graph, 4);
  const calib = randomInputs(graph, 32, 5);
  calib[3] = 40; // one outlier pixel
  const scaleOf = (method: 'minmax' | 'percentile' | 'mse'): number => {
    const { model } = quantizeGraph(graph, w, calib, { calibration: { method, percentile: 99.9 } });
    return model.tensors[model.inputs[0] as number]!.quant!.scale[0] as number;
  };
  const minmax = scaleOf('minmax');
  assert.ok(scaleOf('percentile') < minmax / 4, 'percentile range ignores the outlier');
  // Many normal values: the extreme tails are rarer than the rounding error they cost, so least-MSE clips them.
  const rng = new Rng(8);
  const normals = Float32Array.from({ length: 3200 * 64 }, () => rng.normal());
  const mseScale = (method: 'minmax' | 'mse'): number => quantizeGraph(graph, w, normals, { calibration: { method } }).model.tensors[0]!.quant!.scale[0] as number;
  assert.ok(mseScale('mse') < mseScale('minmax') * 0.95, 'MSE clipping shrinks the range of many normal values');
});

test('quantizing leaves no TF.js tensors behind', () => {
  const b = new GraphBuilder([6, 6, 1]);
  const graph = b.build(b.dense(b.flatten(b.convBnAct(b.input, { filters: 4 })), 3));
  const w = randomWeights(graph, 1);
  const calib = randomInputs(graph, 40, 2);
  quantizeGraph(graph, w, calib);
  const before = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) quantizeGraph(graph, w, calib);
  assert.equal(tf.memory().numTensors, before);
});

test('cell-space networks with zero edges quantize (zeros eliminated) and track float inference', async () => {
  const { spaceForData } = await import('../../src/space/index.js');
  const { eliminateZeros } = await import('../../src/arch/simplify.js');
  const space = spaceForData('cell', [12, 12, 1], 4);
  const rng = new Rng(4);
  let withZeros = 0;
  let checked = 0;
  for (let i = 0; i < 12 && checked < 3; i++) {
    const graph = space.decode(space.sample(rng));
    const simple = eliminateZeros(graph);
    if (simple.nodes.some((n) => n.kind === 'zero')) continue; // a zero reaching a concat stays refused
    if (graph.nodes.some((n) => n.kind === 'zero')) withZeros++;
    const r = compare(graph, 20 + i);
    assert.ok(r.maxErr <= 0.06 * r.range + 4 * r.outScale, `cell network ${i}: max error ${r.maxErr} vs range ${r.range}`);
    checked++;
  }
  assert.equal(checked, 3);
  assert.ok(withZeros >= 1, 'at least one checked network had zero edges');
});
