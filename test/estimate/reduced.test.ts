import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GraphBuilder } from '../../src/arch/builder.js';
import { totalMacs, totalParams } from '../../src/arch/graph.js';
import { demoCnn } from '../../src/arch/zoo/demo-cnn.js';
import { resnet8 } from '../../src/arch/zoo/resnet8.js';
import { loadBundledMnist } from '../../src/data/mnist.js';
import { useBackend } from '../../src/engine/backend.js';
import { ReducedEstimator, scaleInput, scaleWidth } from '../../src/estimate/reduced.js';
import { TrainingEstimator } from '../../src/estimate/training.js';

await useBackend('wasm');

test('scaleWidth narrows every conv and hidden dense layer but keeps the classifier', () => {
  const g = demoCnn();
  const half = scaleWidth(g, 0.5)!;
  const filters = (graph: typeof g) => graph.nodes.flatMap((n) => (n.kind === 'conv2d' ? [n.attrs.filters] : []));
  assert.deepEqual(filters(half), [8, 16, 16]);
  assert.equal(half.nodes.find((n) => n.id === 'logits')?.shape[0], 10);
  assert.ok(totalMacs(half) < totalMacs(g) * 0.35, 'MACs fall about 4x in the inner layers');
  const r = scaleWidth(resnet8(), 0.5);
  assert.ok(r && totalParams(r) < totalParams(resnet8()) / 3, 'residual adds of scaled branches still line up');
  const b = new GraphBuilder([8, 8, 4]);
  const skip = b.build(b.add([b.input, b.conv2d(b.input, { filters: 4 })]));
  assert.equal(scaleWidth(skip, 0.5), null, 'an add of the fixed input and a narrowed conv cannot be scaled');
});

test('scaleInput rebuilds the graph on smaller inputs, or says it cannot', () => {
  const g = scaleInput(demoCnn(), 0.5)!;
  assert.deepEqual(g.inputShape, [14, 14, 1]);
  const b = new GraphBuilder([8, 8, 1]);
  const tight = b.build(b.conv2d(b.input, { filters: 2, kernel: 7, padding: 'valid' }));
  assert.equal(scaleInput(tight, 0.5), null);
});

test('the reduced estimator trains a narrower proxy on downscaled inputs, faster than full size', async () => {
  const data = loadBundledMnist();
  const fidelity = { epochs: 1, trainFraction: 0.3, batchSize: 64 };
  const full = await new TrainingEstimator(data, { learningRate: 0.003, seed: 1 }).estimate(demoCnn(), fidelity);
  const reduced = await new ReducedEstimator(data, { widthMultiplier: 0.5, inputScale: 0.5 }, { learningRate: 0.003, seed: 1 }).estimate(demoCnn(), fidelity);
  assert.ok(reduced.seconds < full.seconds / 2, `reduced ${reduced.seconds} s vs full ${full.seconds} s`);
  assert.ok(reduced.accuracy > 0.4, `proxy accuracy (chance is 0.1) ${reduced.accuracy}`);
  assert.equal(reduced.weights.length, 0);
});
