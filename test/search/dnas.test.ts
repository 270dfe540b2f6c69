import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/engine/backend.js';
import { TfModel } from '../../src/engine/tfjs/model.js';
import { inheritedSlice } from '../../src/estimate/oneshot/supernet.js';
import { estimateCost, findDevice } from '../../src/hardware/index.js';
import { Dnas } from '../../src/search/differentiable/dnas.js';
import { deviceCostTerms } from '../../src/search/differentiable/expected-cost.js';
import { fitToLimits } from '../../src/search/differentiable/fit-limits.js';
import { McunetSpace } from '../../src/space/mcunet/index.js';
import { Rng } from '../../src/util/rng.js';
import { thirds } from '../util/synthetic-images.js';

let terms: ReturnType<typeof deviceCostTerms>;
before(async () => {
  await useBackend('wasm');
  terms = deviceCostTerms(space, (g) => {
    const c = estimateCost(g, device);
    return { flashBytes: c.flashBytes, latencyMs: c.latencyMs, arenaBytes: c.memory.peakSramBytes - c.memory.persistentBytes, persistentBytes: c.memory.persistentBytes };
  });
});

const space = new McunetSpace({ resolution: 16, channels: 1, classes: 3, width: 0.1 });
const device = findDevice('stm32f746');

test('dnas: at one-hot architecture weights the mixed network computes exactly the chosen sub-network', () => {
  const dnas = new Dnas(space, terms, 1);
  try {
    const x = tf.randomNormal([4, 16, 16, 1], 0, 1, 'float32', 5);
    const rng = new Rng(2);
    for (let i = 0; i < 3; i++) {
      const g = space.sample(rng);
      tf.tidy(() => dnas.alpha.assign(tf.mul(tf.oneHot(tf.tensor1d([...g], 'int32'), 3).toFloat(), 40)));
      assert.deepEqual(dnas.genome(), [...g]);
      const sub = new TfModel(space.decode(g), 0);
      try {
        const all = new Map(dnas.weights().map((w) => [w.name, w]));
        sub.setWeights(sub.getWeights().map((w) => {
          const big = all.get(w.name);
          if (!big) throw new Error(`no ${w.name}`);
          const values = tf.tidy(() => inheritedSlice(tf.tensor(big.values, [...big.shape]), w.shape).dataSync() as Float32Array);
          return { ...w, values };
        }));
        const [a, b] = tf.tidy(() => [dnas.forward(x).arraySync() as number[][], sub.forward(x, true).arraySync() as number[][]]);
        const worst = Math.max(...(a as number[][]).flatMap((r, j) => r.map((v, k) => Math.abs(v - ((b as number[][])[j]?.[k] as number)))));
        assert.ok(worst < 1e-4, `sub-network ${i}: largest logit difference ${worst}`);
      } finally {
        sub.dispose();
      }
    }
    x.dispose();
  } finally {
    dnas.dispose();
  }
});

test('dnas: the SRAM penalty drives the expected and the chosen network\'s SRAM under a limit the unpenalised search exceeds; no tensor is left', () => {
  const train = thirds(192, 1);
  const held = thirds(96, 2);
  const base = { epochs: 3, warmupEpochs: 0, batchSize: 32, trainFraction: 1, weightLearningRate: 0.01, archLearningRate: 0.3, seed: 3 };
  const free = new Dnas(space, terms, 4);
  const r0 = free.search(train, held, { ...base, strength: 0, limits: {} });
  free.dispose();
  const sram0 = estimateCost(space.decode(r0.genome), device).peakSramBytes;
  const limit = Math.round(sram0 * 0.8);
  const before = tf.memory().numTensors;
  const bound = new Dnas(space, terms, 4);
  const r1 = bound.search(train, held, { ...base, strength: 20, limits: { sramBytes: limit } });
  bound.dispose();
  assert.equal(tf.memory().numTensors, before, 'a search frees everything it made');
  const sram1 = estimateCost(space.decode(r1.genome), device).peakSramBytes;
  const last = r1.history.at(-1);
  assert.ok(last && last.sramBytes <= limit * 1.02, `expected SRAM ${last?.sramBytes} vs limit ${limit}`);
  assert.ok(sram1 <= limit, `chosen network ${sram1} B must fit ${limit} B (unpenalised: ${sram0} B)`);
  assert.ok(sram0 > limit);
});

test('fitToLimits: an arg-max network over the SRAM limit is lowered to fit by its real cost, keeping the choices DNAS was surest of', () => {
  const s = new McunetSpace({ resolution: 28, channels: 1, classes: 10, width: 0.35 });
  const dev = findDevice('stm32f746');
  const measure = (g: Parameters<typeof estimateCost>[0]) => { const c = estimateCost(g, dev); return { sramBytes: c.peakSramBytes, flashBytes: c.flashBytes, latencyMs: c.latencyMs }; };
  const largest = s.largest();
  const smallest = measure(s.decode(s.smallest())).sramBytes;
  const limit = Math.round((smallest + measure(s.decode(largest)).sramBytes) / 2);
  // DNAS was sure of stage 1's first kernel (7) and unsure of everything else.
  const probs = s.decisions.map((_, i) => (i === 1 ? [0.001, 0.001, 0.998] : [0.3, 0.33, 0.37]));
  const fitted = fitToLimits(s, largest, probs, measure, { sramBytes: limit });
  assert.ok(fitted.changes.length > 0);
  assert.ok(fitted.costs.sramBytes <= limit, `${fitted.costs.sramBytes} > ${limit}`);
  assert.equal(measure(s.decode(fitted.genome)).sramBytes, fitted.costs.sramBytes);
  assert.equal(fitted.genome[1], 2, 'the kernel DNAS was sure of stays');
  // A network that fits comes back unchanged; a limit below every reachable network is a clear error.
  assert.deepEqual(fitToLimits(s, fitted.genome, probs, measure, { sramBytes: limit }).changes, []);
  assert.throws(() => fitToLimits(s, s.smallest(), probs, measure, { sramBytes: smallest - 1 }), /dnas: the chosen network must fit the limits \{"sramBytes":\d+\}; it needs SRAM \d+ B, .* and no single change of a choice brings it closer\. Raise the limits or lower the space's width\./);
});
