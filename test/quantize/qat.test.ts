import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { GraphBuilder } from '../../src/arch/builder.js';
import { headOf } from '../../src/data/dataset.js';
import { loadBundledMnist } from '../../src/data/mnist.js';
import { useBackend } from '../../src/engine/backend.js';
import { TfModel } from '../../src/engine/tfjs/model.js';
import { evaluate, fit } from '../../src/engine/tfjs/train.js';
import { int8Accuracy } from '../../src/quantize/evaluate.js';
import { foldBatchNorms } from '../../src/quantize/fold.js';
import { quantizeGraph } from '../../src/quantize/ptq.js';
import { quantizationAwareTraining } from '../../src/quantize/qat.js';
import { Rng } from '../../src/util/rng.js';

await useBackend('wasm');

function smallNet() {
  const b = new GraphBuilder([28, 28, 1]);
  let x = b.maxPool(b.convBnAct(b.input, { filters: 8, kernel: 3 }), { pool: 2 });
  x = b.dwBnAct(x, { kernel: 3 });
  x = b.maxPool(b.convBnAct(x, { filters: 16, kernel: 1 }), { pool: 2 });
  return b.build(b.dense(b.flatten(x), 10));
}

test('folding batch norms keeps inference unchanged and removes every folded batch norm', () => {
  const graph = smallNet();
  const m = new TfModel(graph, 3);
  const rng = new Rng(4);
  const weights = m.getWeights().map((w) => (/moving|gamma|beta/.test(w.name) ? { ...w, values: Float32Array.from(w.values, () => 0.5 + rng.next()) } : w));
  m.dispose();
  const folded = foldBatchNorms(graph, weights);
  assert.equal(folded.graph.nodes.filter((n) => n.kind === 'batchNorm').length, 0);
  const x = Float32Array.from({ length: 4 * 784 }, () => rng.next());
  const run = (g: typeof graph, w: typeof weights) => {
    const model = new TfModel(g, 0);
    model.setWeights(w);
    const y = tf.tidy(() => model.forward(tf.tensor(x, [4, 28, 28, 1]), false, undefined, false).dataSync() as Float32Array);
    model.dispose();
    return y;
  };
  const a = run(graph, weights);
  const b = run(folded.graph, folded.weights);
  const scale = Math.max(...Array.from(a, Math.abs));
  assert.ok(a.every((v, i) => Math.abs(v - (b[i] as number)) <= 1e-4 * scale), 'folded outputs differ');
});

test('quantization-aware fine-tuning trains through fake quantization and its int8 model tracks float', () => {
  const data = loadBundledMnist();
  const graph = smallNet();
  const model = new TfModel(graph, 1);
  fit(model, { train: data.train, numClasses: 10 }, { epochs: 1, batchSize: 64, learningRate: 0.005, seed: 1 });
  const weights = model.getWeights();
  model.dispose();
  const before = tf.memory().numTensors;
  const q = quantizationAwareTraining(graph, weights, data, { epochs: 1, learningRate: 0.001, batchSize: 64, seed: 2, calibrationSamples: 300, perChannel: false });
  assert.equal(tf.memory().numTensors, before, 'QAT leaks tensors');
  const test = headOf(data.test, 784, 500);
  const fm = new TfModel(q.graph, 0);
  fm.setWeights(q.weights);
  const float = evaluate(fm, test).accuracy;
  fm.dispose();
  const { model: int8 } = quantizeGraph(q.graph, q.weights, data.train.x.subarray(0, 300 * 784), { perChannel: false });
  const acc = int8Accuracy(int8, test);
  assert.ok(float > 0.9, `float accuracy after QAT ${float}`);
  assert.ok(Math.abs(acc - float) <= 0.02, `int8 ${acc} vs float ${float} after QAT`);
});
