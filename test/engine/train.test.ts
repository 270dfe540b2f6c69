import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { GraphBuilder } from '../../src/arch/builder.js';
import { useBackend } from '../../src/engine/backend.js';
import { TfModel } from '../../src/engine/tfjs/model.js';
import { evaluate, fit } from '../../src/engine/tfjs/train.js';
import { EngineError } from '../../src/errors.js';

/** A small graph with every trainable op kind: conv (s1, s2), depthwise (s1, s2), BN, add, pools, dense. */
function tinyNet() {
  const b = new GraphBuilder([12, 12, 1]);
  let x = b.convBnAct(b.input, { filters: 8, kernel: 3, id: 'c1' });
  const y = b.dwBnAct(x, { kernel: 3, id: 'd1' });
  x = b.add([x, y], 'res');
  x = b.dwBnAct(x, { kernel: 5, strides: 2, id: 'd2' });
  x = b.convBnAct(x, { filters: 12, kernel: 3, strides: 2, padding: 'valid', id: 'c2' }, 'relu6');
  x = b.maxPool(x, { pool: 2, strides: 1, padding: 'same' });
  x = b.globalAvgPool(x);
  b.dense(x, 3, { id: 'out' });
  return b.build();
}

/** A 3-class toy task: which of three image regions is brightest. */
function toyData(n: number, seed: number) {
  const x = new Float32Array(n * 144);
  const y = new Int32Array(n);
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    y[i] = c;
    for (let p = 0; p < 144; p++) x[i * 144 + p] = rnd() * 0.5 + (Math.floor((p % 12) / 4) === c ? 0.6 : 0);
  }
  return { n, x, y };
}

before(async () => {
  await useBackend('wasm');
});

test('wasm training: tensor count after 200 steps equals the count after 10', () => {
  const model = new TfModel(tinyNet(), 3);
  const data = { train: toyData(96, 1), numClasses: 3 };
  const opts = { batchSize: 8, evaluateEachEpoch: false };
  fit(model, data, { ...opts, steps: 10 });
  const after10 = tf.memory().numTensors;
  fit(model, data, { ...opts, steps: 200, optimizer: 'sgd', learningRate: 0.01 });
  assert.equal(tf.memory().numTensors, after10);
  model.dispose();
});

test('wasm training learns a 3-class toy task to >= 90% held-out accuracy; the loss falls', () => {
  const model = new TfModel(tinyNet(), 7);
  const r = fit(model, { train: toyData(300, 2), validation: toyData(90, 3), numClasses: 3 }, { epochs: 6, batchSize: 16, learningRate: 0.01 });
  assert.ok((r.history.at(-1)?.loss ?? 9) < (r.history[0]?.loss ?? 0), JSON.stringify(r.history));
  const acc = evaluate(model, toyData(90, 4)).accuracy;
  assert.ok(acc >= 0.9, `accuracy ${acc}`);
  model.dispose();
});

test('same seeds give bit-identical weights after training; another seed differs', () => {
  const run = (seed: number) => {
    const m = new TfModel(tinyNet(), seed);
    fit(m, { train: toyData(64, 5), numClasses: 3 }, { steps: 12, batchSize: 8, seed, evaluateEachEpoch: false });
    const w = m.getWeights();
    m.dispose();
    return w;
  };
  const a = run(11);
  const b = run(11);
  const c = run(12);
  assert.deepEqual(a.map((w) => Array.from(w.values)), b.map((w) => Array.from(w.values)));
  assert.notDeepEqual(a[0]?.values, c[0]?.values);
});

test('getWeights/setWeights round trip reproduces the predictions; partial inheritance skips mismatched shapes', () => {
  const g = tinyNet();
  const a = new TfModel(g, 1);
  fit(a, { train: toyData(48, 6), numClasses: 3 }, { steps: 5, batchSize: 8, evaluateEachEpoch: false });
  const b = new TfModel(g, 2);
  b.setWeights(a.getWeights());
  const x = tf.tensor4d(toyData(4, 7).x, [4, 12, 12, 1]);
  const pa = tf.tidy(() => a.forward(x, false).arraySync());
  const pb = tf.tidy(() => b.forward(x, false).arraySync());
  assert.deepEqual(pa, pb);
  const other = new GraphBuilder([12, 12, 1]);
  other.conv2d(other.input, { filters: 5, id: 'c1.conv' });
  const c = new TfModel(other.build(), 3);
  assert.deepEqual(c.setWeights(a.getWeights(), true), []);
  assert.throws(() => c.setWeights(a.getWeights()), /weight 'c1.conv\/kernel' must exist in the model with shape \[3,3,1,5\]; got shape \[3,3,1,8\]/);
  x.dispose();
  [a, b, c].forEach((m) => m.dispose());
});

test('wrong input shape and unknown backend give EngineErrors naming the value and what is allowed', async () => {
  const model = new TfModel(tinyNet(), 1);
  const x = tf.zeros([2, 28, 28, 1]);
  assert.throws(() => model.forward(x, false), (e: unknown) => e instanceof EngineError && /must be \[N, 12, 12, 1\]; got \[2, 28, 28, 1\]/.test(e.message));
  assert.throws(() => fit(model, { train: { n: 2, x: new Float32Array(10), y: new Int32Array(2) }, numClasses: 3 }), /n samples of \[12, 12, 1\] \(144 values each\); got n=2, 10 feature values/);
  assert.throws(() => fit(model, { train: toyData(8, 1), numClasses: 3 }, { batchSize: 0 }), /fit options: batchSize number must be greater than 0; got 0\./);
  await assert.rejects(useBackend('webgpu'), /backend: name must be one of auto, wasm, cpu, tensorflow; got "webgpu"/);
  x.dispose();
  model.dispose();
});

test('building and disposing models leaves no tensor behind', () => {
  const before = tf.memory().numTensors;
  for (let i = 0; i < 5; i++) new TfModel(tinyNet(), i).dispose();
  assert.equal(tf.memory().numTensors, before);
});
