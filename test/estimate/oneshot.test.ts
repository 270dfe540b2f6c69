import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import type { Dataset } from '../../src/data/dataset.js';
import { useBackend } from '../../src/engine/backend.js';
import { loadNative } from '../../src/engine/native/addon.js';
import { TfModel } from '../../src/engine/tfjs/model.js';
import { evaluate } from '../../src/engine/tfjs/train.js';
import { OneShotEstimator } from '../../src/estimate/oneshot/estimator.js';
import { inheritedSlice, Supernet } from '../../src/estimate/oneshot/supernet.js';
import { EngineError, SpaceError } from '../../src/errors.js';
import { ChainSpace } from '../../src/space/chain/index.js';
import { McunetSpace } from '../../src/space/mcunet/index.js';
import { Rng } from '../../src/util/rng.js';
import { thirds } from '../util/synthetic-images.js';
import { collectGarbage } from '../util/gc.js';

before(async () => { await useBackend('wasm'); });

const data: Dataset = { name: 'thirds', inputShape: [16, 16, 1], numClasses: 3, classNames: ['left', 'middle', 'right'], train: thirds(256, 1), validation: thirds(128, 2), test: thirds(64, 3) };
const space = new McunetSpace({ resolution: 16, channels: 1, classes: 3, width: 0.1 });

test('inheritedSlice: a smaller kernel is the centre of the larger one, fewer channels are the leading ones', () => {
  tf.tidy(() => {
    const w = tf.tensor(Array.from({ length: 7 * 7 * 4 * 2 }, (_, i) => i), [7, 7, 4, 2]);
    const s = inheritedSlice(w, [3, 3, 2, 1]).arraySync() as number[][][][];
    const full = w.arraySync() as number[][][][];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let c = 0; c < 2; c++) assert.equal(s[i]?.[j]?.[c]?.[0], full[i + 2]?.[j + 2]?.[c]?.[0]);
    assert.deepEqual(inheritedSlice(tf.tensor1d([1, 2, 3, 4]), [2]).arraySync(), [1, 2]);
    assert.equal(inheritedSlice(w, [7, 7, 4, 2]), w, 'the full shape is the weight itself');
  });
});

test('supernet: training lowers the sandwich loss; the largest sub-network inherits every supernet weight unchanged', () => {
  const sn = new Supernet(space, 3);
  try {
    const first = sn.train(data.train, { epochs: 1, trainFraction: 0.25, batchSize: 32, learningRate: 0.01, randomPerStep: 1, seed: 1 }).lastLoss;
    const later = sn.train(data.train, { epochs: 4, trainFraction: 1, batchSize: 32, learningRate: 0.01, randomPerStep: 1, seed: 2 }).lastLoss;
    assert.ok(later < first, `loss ${first} -> ${later}`);
    const largest = sn.graphOf(space.largest());
    const stats = sn.calibrate(largest, data.train, 2, 32, 0);
    const w = sn.extract(largest, stats);
    const own = new Map(sn.weights().map((t) => [t.name, t]));
    const trainable = w.filter((t) => !/moving/.test(t.name));
    assert.equal(trainable.length, [...own.keys()].filter((n) => !/moving/.test(n)).length);
    for (const t of trainable) assert.deepEqual(t.values, own.get(t.name)?.values, t.name);
    assert.ok(trainable.some((t) => t.shape[0] === 7 && t.shape[3] === 1), 'the largest has the 7x7 depthwise kernels');
  } finally {
    sn.dispose();
  }
});

test('supernet: a sub-network scored in the supernet equals the same network built alone from its extracted weights', async () => {
  const sn = new Supernet(space, 4);
  try {
    sn.train(data.train, { epochs: 2, trainFraction: 1, batchSize: 32, learningRate: 0.01, randomPerStep: 1, seed: 3 });
    const rng = new Rng(5);
    for (let i = 0; i < 3; i++) {
      const graph = sn.graphOf(space.sample(rng));
      const stats = sn.calibrate(graph, data.train, 3, 32, 1);
      const inherited = sn.accuracy(graph, stats, data.validation);
      const model = new TfModel(graph, 0);
      try {
        model.setWeights(sn.extract(graph, stats));
        assert.equal(evaluate(model, data.validation).accuracy, inherited, `sub-network ${i}`);
      } finally {
        model.dispose();
      }
    }
    const est = new OneShotEstimator(sn as never, data, { calibrationBatches: 2, calibrationBatchSize: 32, validationSamples: 100, seed: 0 });
    const graph = sn.graphOf(space.smallest());
    await est.estimate(graph, { epochs: 1, trainFraction: 1, batchSize: 32 });
    const tensors = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      const e = await est.estimate(graph, { epochs: 1, trainFraction: 1, batchSize: 32 });
      assert.ok(e.accuracy >= 0 && e.accuracy <= 1 && e.curve.length === 1 && e.weights.length > 0);
    }
    sn.train(data.train, { epochs: 1, trainFraction: 0.25, batchSize: 32, learningRate: 0.01, randomPerStep: 1, seed: 4 });
    assert.equal(tf.memory().numTensors, tensors, 'estimates and training steps leave no tensor behind');
  } finally {
    sn.dispose();
  }
});

test('supernet: a space with no elastic form, and a graph that is not a sub-network, are clear errors', () => {
  assert.throws(() => new Supernet(new ChainSpace({ inputShape: [16, 16, 1], classes: 3 }), 0),
    (e: unknown) => e instanceof SpaceError && /space must have an elastic form .*; got 'chain', which has none\. Spaces with one: mcunet\./.test((e as Error).message));
  const sn = new Supernet(space, 0);
  try {
    const wider = new McunetSpace({ resolution: 16, channels: 1, classes: 3, width: 0.5 });
    assert.throws(() => tf.tidy(() => sn.forward(wider.decode(wider.smallest()), tf.zeros([1, 16, 16, 1]), true, null)),
      (e: unknown) => e instanceof EngineError && /must be a slice of a supernet weight; the supernet has \[.*\]\. The graph is not a sub-network of this supernet\./.test((e as Error).message));
  } finally {
    sn.dispose();
  }
});

const nativeSkip = loadNative().addon ? false : loadNative().reason;

test('supernet on the native engine: the same sandwich steps as TF.js (same losses), and memory that does not grow', { skip: nativeSkip }, () => {
  // One engine thread: the suite runs two test files at once, and oneDNN's thread pool waits badly on a busy core.
  loadNative().addon?.setThreads(1);
  const opts = { epochs: 1, trainFraction: 1, batchSize: 32, learningRate: 0.01, randomPerStep: 1, seed: 6 };
  const losses = (native: boolean) => {
    const sn = new Supernet(space, 8);
    const out: number[] = [];
    try {
      sn.train(data.train, { ...opts, native }, { onStep: (_s, _n, loss) => out.push(loss) });
      return { out, largest: sn.weights().find((w) => w.name.endsWith('/kernel'))?.values as Float32Array };
    } finally {
      sn.dispose();
    }
  };
  const tfjs = losses(false);
  const tensors = tf.memory().numTensors;
  const native = losses(true);
  assert.equal(tf.memory().numTensors, tensors, 'native supernet training leaves no TF.js tensor behind');
  assert.equal(native.out.length, tfjs.out.length);
  assert.ok(Math.abs((native.out[0] as number) - (tfjs.out[0] as number)) <= 1e-4 * (tfjs.out[0] as number), `first step ${native.out[0]} vs ${tfjs.out[0]}`);
  const meanDiff = native.out.reduce((s, l, i) => s + Math.abs(l - (tfjs.out[i] as number)), 0) / native.out.length;
  assert.ok(meanDiff < 0.05, `mean loss difference over ${native.out.length} steps: ${meanDiff}`);
  assert.notDeepEqual(native.largest, tfjs.largest.map(() => 0), 'trained weights came back to the supernet');

  const sn = new Supernet(space, 9);
  try {
    // Past the warm-up, the caches are full (64 decoded sub-networks, oneDNN primitives per shape) and stay so.
    sn.train(data.train, { ...opts, epochs: 10, native: true });
    collectGarbage();
    const before = process.memoryUsage().rss;
    sn.train(data.train, { ...opts, epochs: 24, native: true });
    collectGarbage();
    const after = process.memoryUsage().rss;
    assert.ok(after <= before * 1.05, `RSS ${(before / 2 ** 20).toFixed(1)} MiB -> ${(after / 2 ** 20).toFixed(1)} MiB over 24 epochs`);
  } finally {
    sn.dispose();
  }
});

test('supernet on the native engine with in-place distillation: the same losses as TF.js, and not those without it', { skip: nativeSkip }, () => {
  loadNative().addon?.setThreads(1);
  const opts = { epochs: 1, trainFraction: 0.5, batchSize: 32, learningRate: 0.01, randomPerStep: 1, seed: 6 };
  const losses = (native: boolean, distill: boolean) => {
    const sn = new Supernet(space, 8);
    const out: number[] = [];
    try {
      sn.train(data.train, { ...opts, native, distill }, { onStep: (_s, _n, loss) => out.push(loss) });
      return out;
    } finally {
      sn.dispose();
    }
  };
  const tfjs = losses(false, true);
  const native = losses(true, true);
  const plain = losses(true, false);
  assert.equal(native.length, tfjs.length);
  // The first step's loss: the largest against the labels, the others against its predictions.
  assert.ok(Math.abs((native[0] as number) - (tfjs[0] as number)) <= 1e-4 * (tfjs[0] as number), `first step ${native[0]} vs ${tfjs[0]}`);
  const meanDiff = native.reduce((s, l, i) => s + Math.abs(l - (tfjs[i] as number)), 0) / native.length;
  assert.ok(meanDiff < 0.05, `mean loss difference over ${native.length} steps: ${meanDiff}`);
  assert.ok(Math.abs((plain[0] as number) - (native[0] as number)) > 1e-3, `distillation changes the loss (${plain[0]} vs ${native[0]})`);
});

test('one-shot scoring on the native engine: the calibrated statistics and accuracy of the TF.js path', { skip: nativeSkip }, async () => {
  loadNative().addon?.setThreads(1);
  const sn = new Supernet(space, 4);
  try {
    sn.train(data.train, { epochs: 2, trainFraction: 1, batchSize: 32, learningRate: 0.01, randomPerStep: 1, seed: 3, native: true });
    const rng = new Rng(5);
    for (let i = 0; i < 3; i++) {
      const graph = sn.graphOf(space.sample(rng));
      const stats = sn.calibrate(graph, data.train, 3, 32, 1);
      const expected = sn.extract(graph, stats);
      const inherited = sn.accuracy(graph, stats, data.validation);
      const got = sn.scoreNative(graph, data.train, 3, 32, 1, data.validation);
      // Argmax ties aside, the same network on the same samples: one sample at most may flip on rounding.
      assert.ok(Math.abs(got.accuracy - inherited) <= 1 / data.validation.n, `sub-network ${i}: native ${got.accuracy} vs TF.js ${inherited}`);
      const byName = new Map(got.weights.map((w) => [w.name, w.values]));
      assert.deepEqual([...byName.keys()].sort(), expected.map((w) => w.name).sort());
      for (const w of expected) {
        const v = byName.get(w.name) as Float32Array;
        const scale = Math.max(1e-3, ...Array.from(w.values, Math.abs));
        const err = Math.max(...Array.from(w.values, (x, k) => Math.abs(x - (v[k] as number))));
        assert.ok(err <= 1e-4 * scale, `${w.name}: off by ${err} (scale ${scale})`);
      }
    }
    const tensors = tf.memory().numTensors;
    const est = new OneShotEstimator(sn as never, data, { calibrationBatches: 3, calibrationBatchSize: 32, validationSamples: 100, seed: 1, native: true });
    const e = await est.estimate(sn.graphOf(space.smallest()), { epochs: 1, trainFraction: 1, batchSize: 32 });
    const tfjs = sn.accuracy(sn.graphOf(space.smallest()), sn.calibrate(sn.graphOf(space.smallest()), data.train, 3, 32, 1), { ...data.validation, n: 100, x: data.validation.x.subarray(0, 100 * 256), y: data.validation.y.subarray(0, 100) });
    assert.ok(Math.abs(e.accuracy - tfjs) <= 0.01, `estimator ${e.accuracy} vs TF.js ${tfjs}`);
    assert.equal(tf.memory().numTensors, tensors, 'native scoring leaves no TF.js tensor behind');
  } finally {
    sn.dispose();
  }
});
