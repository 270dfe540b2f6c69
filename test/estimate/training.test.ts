import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import type { Dataset } from '../../src/data/dataset.js';
import { useBackend } from '../../src/engine/backend.js';
import { TrainingEstimator } from '../../src/estimate/training.js';
import { ChainSpace } from '../../src/space/chain/index.js';
import { Rng } from '../../src/util/rng.js';

/** A tiny 3-class image task: which third of an 8x8 image is bright. */
function toy(n: number, seed: number) {
  const rng = new Rng(seed);
  const x = new Float32Array(n * 64);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 3;
    for (let p = 0; p < 64; p++) x[i * 64 + p] = rng.next() * 0.5 + (Math.floor((p % 8) / 3) === i % 3 ? 0.6 : 0);
  }
  return { n, x, y };
}

const data: Dataset = { name: 'toy', inputShape: [8, 8, 1], numClasses: 3, classNames: ['a', 'b', 'c'], train: toy(96, 1), validation: toy(30, 2), test: toy(30, 3) };
const space = new ChainSpace({ inputShape: [8, 8, 1], classes: 3, maxFeatures: 4, filters: [4, 8], units: [8] });
const fidelity = { epochs: 1, trainFraction: 1, batchSize: 16 };

test('training estimator: the tensor count does not grow over 50 consecutive evaluations', async () => {
  await useBackend('wasm');
  const est = new TrainingEstimator(data, { learningRate: 0.01, seed: 1 });
  const rng = new Rng(4);
  await est.estimate(space.decode(space.sample(rng)), fidelity);
  const before = tf.memory().numTensors;
  for (let i = 0; i < 50; i++) {
    const r = await est.estimate(space.decode(space.sample(rng)), fidelity);
    assert.equal(r.curve.length, 1);
  }
  assert.equal(tf.memory().numTensors, before);
});

test('training estimator: the same seed and fidelity give the same metrics on the cpu and wasm backends', async () => {
  const g = space.decode(space.initial('rich', new Rng(2)));
  const run = async (backend: 'cpu' | 'wasm') => {
    await useBackend(backend);
    return new TrainingEstimator(data, { learningRate: 0.01, seed: 3 }).estimate(g, { ...fidelity, epochs: 2 });
  };
  const a = await run('wasm');
  const b = await run('cpu');
  assert.deepEqual(a.curve, b.curve);
  const wa = a.weights.flatMap((w) => Array.from(w.values));
  const wb = b.weights.flatMap((w) => Array.from(w.values));
  const diff = wa.reduce((m, v, i) => Math.max(m, Math.abs(v - (wb[i] as number))), 0);
  assert.ok(diff < 1e-3, `max weight difference ${diff}`);
  await useBackend('wasm');
});

test('training estimator: starting weights are used where they fit', async () => {
  await useBackend('wasm');
  const g = space.decode(space.initial('rich', new Rng(2)));
  const est = new TrainingEstimator(data, { learningRate: 0.01, seed: 3 });
  const first = await est.estimate(g, fidelity);
  const again = await est.estimate(g, { ...fidelity, epochs: 1 }, undefined, first.weights);
  assert.ok(again.accuracy >= first.accuracy - 0.1, `${again.accuracy} after inheriting vs ${first.accuracy}`);
  assert.notDeepEqual(again.weights[0]?.values, first.weights[0]?.values);
});
