import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs-core';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { GraphBuilder } from '../../src/arch/builder.js';
import { demoCnn } from '../../src/arch/zoo/index.js';
import { loadBundledMnist } from '../../src/data/mnist.js';
import { useEngine } from '../../src/engine/engine.js';
import { loadNative } from '../../src/engine/native/addon.js';
import { NativeModel } from '../../src/engine/native/model.js';
import { evaluateNative, fitNative } from '../../src/engine/native/train.js';
import { TfModel } from '../../src/engine/tfjs/model.js';
import { EngineError } from '../../src/errors.js';
import { collectGarbage } from '../util/gc.js';

const { addon, reason } = loadNative();
if (!addon && process.env.CI && process.env.TINYEVO_NATIVE !== 'off') throw new Error(`native engine expected in CI: ${reason}`);
const skip = addon ? false : reason;
// One engine thread: the suite runs two test files at once, and oneDNN's thread pool waits badly on a busy core.
addon?.setThreads(1);
const cli = fileURLToPath(new URL('../../../bin/tinyevo.js', import.meta.url));

test('the same model and seed reach the same MNIST test accuracy on native and wasm (within 0.5 points)', { skip }, async (t) => {
  const data = loadBundledMnist();
  const opts = { epochs: 1, batchSize: 64, learningRate: 0.003, seed: 4, evaluateEachEpoch: false };
  const accuracy = async (name: string) => {
    const engine = await useEngine(name, { threads: 2 });
    const model = engine.createModel(demoCnn(), 4);
    try {
      model.fit({ train: data.train, numClasses: data.numClasses }, opts);
      return model.evaluate(data.test).accuracy;
    } finally {
      model.dispose();
    }
  };
  const native = await accuracy('native');
  const wasm = await accuracy('wasm');
  t.diagnostic(`test accuracy after 1 epoch: native ${(native * 100).toFixed(2)}%, wasm ${(wasm * 100).toFixed(2)}%`);
  assert.ok(native > 0.9, `native test accuracy ${native}`);
  assert.ok(Math.abs(native - wasm) <= 0.005, `native ${(native * 100).toFixed(2)}% vs wasm ${(wasm * 100).toFixed(2)}%`);
});

test('native training holds its memory: resident set after 2,000 steps within 5% of after 200', { skip }, (t) => {
  const b = new GraphBuilder([16, 16, 3]);
  let x = b.convBnAct(b.input, { filters: 16, kernel: 3 });
  const y = b.dwBnAct(x, { kernel: 3 }, 'relu6');
  x = b.concat([b.add([x, y]), y]);
  x = b.maxPool(x, { pool: [2, 2], strides: [2, 2] });
  b.dense(b.globalAvgPool(b.convBnAct(x, { filters: 24, kernel: 1 }, 'hardSwish')), 4);
  const model = new NativeModel(b.build(), 1);
  const n = 256;
  const train = { n, x: new Float32Array(n * 16 * 16 * 3).map((_, i) => Math.sin(i * 0.37)), y: Int32Array.from({ length: n }, (_, i) => i % 4) };
  const opts = { batchSize: 32, evaluateEachEpoch: false, optimizer: 'adam' as const };
  fitNative(model, { train, numClasses: 4 }, { ...opts, steps: 200 });
  collectGarbage();
  const after200 = process.memoryUsage().rss;
  fitNative(model, { train, numClasses: 4 }, { ...opts, steps: 1800 });
  collectGarbage();
  const after2000 = process.memoryUsage().rss;
  t.diagnostic(`RSS ${(after200 / 2 ** 20).toFixed(1)} MiB after 200 steps, ${(after2000 / 2 ** 20).toFixed(1)} MiB after 2,000`);
  assert.ok(after2000 <= after200 * 1.05, `RSS ${(after200 / 2 ** 20).toFixed(1)} MiB after 200 steps, ${(after2000 / 2 ** 20).toFixed(1)} MiB after 2,000`);
  assert.ok(evaluateNative(model, train).accuracy > 0.25);
});

test('weights trained on native run on TF.js and back with the same outputs (one layout for both engines)', { skip }, async () => {
  await useEngine('wasm');
  const b = new GraphBuilder([10, 10, 2]);
  let x = b.convBnAct(b.input, { filters: 6, kernel: 3, strides: 2 });
  x = b.add([x, b.dwBnAct(x, { kernel: 5 }, 'relu6')]);
  x = b.concat([x, b.convBnAct(x, { filters: 4, kernel: 1, groups: 2 }, 'hardSwish')]);
  b.dense(b.flatten(b.avgPool(x, { pool: [2, 2], strides: [2, 2], padding: 'same' })), 3);
  const graph = b.build();
  const n = 48;
  const train = { n, x: new Float32Array(n * 200).map((_, i) => Math.cos(i * 0.11)), y: Int32Array.from({ length: n }, (_, i) => i % 3) };
  const native = new NativeModel(graph, 2);
  fitNative(native, { train, numClasses: 3 }, { batchSize: 16, steps: 30, evaluateEachEpoch: false });
  const tfModel = new TfModel(graph, 9);
  try {
    assert.equal(tfModel.setWeights(native.getWeights()).length, native.getWeights().length);
    const expected = native.predict(train.x, n);
    const xt = tf.tensor(train.x, [n, 10, 10, 2]);
    const got = tf.tidy(() => tfModel.forward(xt, false).dataSync() as Float32Array);
    xt.dispose();
    const worst = expected.reduce((m, v, i) => Math.max(m, Math.abs(v - (got[i] as number))), 0);
    assert.ok(worst <= 1e-4, `TF.js logits differ from native by ${worst}`);
    const back = new NativeModel(graph, 11);
    back.setWeights(tfModel.getWeights());
    assert.deepEqual(back.predict(train.x, n), expected);
  } finally {
    tfModel.dispose();
  }
});

test('an op the native engine lacks: refused by name under native, trained on wasm under auto', { skip }, async () => {
  const b = new GraphBuilder([4, 4, 1]);
  b.dense(b.activation(b.flatten(b.input), 'softmax', 'mid_softmax'), 3);
  const graph = b.build();
  const explicit = await useEngine('native');
  assert.throws(() => explicit.createModel(graph, 0), (e: unknown) => e instanceof EngineError && /activation 'mid_softmax' \(softmax inside the network\)/.test(e.message) && /--engine wasm/.test(e.message));
  const heard: string[] = [];
  const auto = await useEngine('auto', { onFallback: (m) => heard.push(m) });
  const model = auto.createModel(graph, 0);
  assert.equal(model.engine, 'wasm');
  model.dispose();
  assert.match(heard.join('\n'), /native engine lacks activation 'mid_softmax'.*wasm/);
});

test('--engine native without the addon says exactly how to enable it', () => {
  const env = { ...process.env, TINYEVO_NATIVE: 'off' };
  const r = spawnSync(process.execPath, [cli, 'train-demo', '--engine', 'native', '--epochs', '1', '--json'], { encoding: 'utf8', env });
  assert.equal(r.status, 2);
  const message = (JSON.parse(r.stdout) as { error: { message: string } }).error.message;
  assert.match(message, /engine 'native': the native engine is switched off \(TINYEVO_NATIVE=off\)\. To enable it, install oneDNN \(`apt-get install libdnnl-dev`/);
  assert.match(message, /npm rebuild tinyevo/);
});

test('the engine in use is printed at the start of training', { skip }, () => {
  const r = spawnSync(process.execPath, [cli, 'train-demo', '--engine', 'native', '--threads', '1', '--epochs', '1', '--batch-size', '128'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /engine native \(oneDNN \d+\.\d+\.\d+, 1 thread\)/);
});

test('a model to train from scratch starts every residual branch at gamma 0, the same on both engines', { skip }, async () => {
  const b = new GraphBuilder([8, 8, 1]);
  const x = b.convBnAct(b.input, { filters: 4, kernel: 3 });
  const branch = b.batchNorm(b.conv2d(b.activation(b.batchNorm(b.conv2d(x, { filters: 4, kernel: 3, useBias: false })), 'relu'), { filters: 4, kernel: 3, useBias: false, id: 'res.conv' }), { id: 'res.bn' });
  b.dense(b.flatten(b.add([x, branch])), 2);
  const graph = b.build();
  const native = (await useEngine('native', { threads: 1 })).createModel(graph, 3);
  const wasm = (await useEngine('wasm')).createModel(graph, 3);
  try {
    const gammas = (ws: { name: string; values: Float32Array }[]) => ws.filter((w) => w.name.endsWith('/gamma')).map((w) => [w.name, [...w.values]] as const);
    const g = gammas(native.getWeights());
    assert.deepEqual(g.find(([name]) => name === 'res.bn/gamma')?.[1], [0, 0, 0, 0]);
    // The other batch norms keep gamma 1, and both engines start from the same weights.
    assert.ok(g.filter(([name]) => name !== 'res.bn/gamma').every(([, v]) => v.every((e) => e === 1)) && g.length === 3);
    assert.deepEqual(gammas(wasm.getWeights()), g);
    assert.deepEqual(native.getWeights().map((w) => [...w.values]), wasm.getWeights().map((w) => [...w.values]));
  } finally {
    native.dispose();
    wasm.dispose();
  }
});
