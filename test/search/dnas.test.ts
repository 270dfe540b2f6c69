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
import { NativeDnasMixer } from '../../src/search/differentiable/native-dnas.js';
import { loadNative } from '../../src/engine/native/addon.js';
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

/** Searches without and with an SRAM limit 20% under the unpenalised choice; the penalised choice must fit it. */
function assertPenaltyFits(native: boolean): void {
  const train = thirds(192, 1);
  const held = thirds(96, 2);
  const base = { epochs: 3, warmupEpochs: 0, batchSize: 32, trainFraction: 1, weightLearningRate: 0.01, archLearningRate: 0.3, seed: 3, native };
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
}

test('dnas: the SRAM penalty drives the expected and the chosen network\'s SRAM under a limit the unpenalised search exceeds; no tensor is left', () => {
  assertPenaltyFits(false);
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

const nativeSkip = loadNative().addon ? false : `native engine not built: ${loadNative().reason}`;

test('dnas on the native engine: the mixed network\'s loss, weight gradients and architecture gradients equal TF.js\'s', { skip: nativeSkip }, () => {
  const dnas = new Dnas(space, terms, 7);
  try {
    // A few TF.js steps first: the residual branches start at gamma = beta = 0, where the depth gates' gradient is 0.
    dnas.search(thirds(96, 8), thirds(64, 9), { epochs: 3, warmupEpochs: 0, batchSize: 32, trainFraction: 1, weightLearningRate: 0.05, archLearningRate: 0.1, seed: 3, strength: 0, limits: {} });
    // Probabilities away from one-hot, so every mask mixes all three choices.
    tf.tidy(() => dnas.alpha.assign(tf.randomNormal(dnas.alpha.shape, 0, 1, 'float32', 11)));
    const split = thirds(16, 5);
    const order = Array.from({ length: 16 }, (_, i) => i);
    const x = tf.tensor(split.x, [16, 16, 16, 1]);
    const y = tf.oneHot(tf.tensor1d(split.y, 'int32'), 3);
    const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(y, dnas.forward(x)) as tf.Scalar);
    const tfLoss = value.dataSync()[0] as number;
    const tfGrads = new Map(Object.entries(grads).map(([name, g]) => [name, Float32Array.from(g.dataSync())]));
    tf.dispose([x, y, value, ...Object.values(grads)]);
    const p = tf.tidy(() => dnas.probabilities().arraySync() as number[][]);
    const mixer = new NativeDnasMixer(dnas.graph, dnas.weights());
    try {
      const w = mixer.weightGradients(split, order, 0, 16, p);
      assert.ok(Math.abs(w.loss - tfLoss) < 1e-4 * Math.max(1, tfLoss), `loss ${w.loss} vs ${tfLoss}`);
      const largest = Math.max(...[...tfGrads.values()].map((g) => g.reduce((m, v) => Math.max(m, Math.abs(v)), 0)));
      let checked = 0;
      for (const [name, g] of w.grads) {
        const expected = [...tfGrads].find(([k]) => k.endsWith(`/${name}`) || k === name)?.[1];
        assert.ok(expected, `TF.js has a gradient for ${name}`);
        let diff = 0;
        let scale = 0.01 * largest;
        expected.forEach((v, i) => { diff = Math.max(diff, Math.abs((g[i] as number) - v)); scale = Math.max(scale, Math.abs(v)); });
        assert.ok(diff / scale < 2e-3, `${name}: gradient differs by ${(diff / scale).toExponential(2)} relative`);
        checked++;
      }
      assert.equal(checked, w.grads.size);
      // Architecture gradient: dL/dalpha = softmax Jacobian of the native dL/dp, against TF.js's dL/dalpha.
      const tfAlpha = tfGrads.get(dnas.alpha.name) as Float32Array;
      const { grad: gp } = mixer.probabilityGradient(split, order, 0, 16, p);
      const alphaScale = tfAlpha.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
      const depthRows = space.decisions.map((d, r) => (d.name.endsWith('depth') ? r : -1)).filter((r) => r >= 0);
      assert.ok(depthRows.length > 0 && depthRows.every((r) => Math.abs(tfAlpha[r * 3] as number) > 1e-4 * alphaScale), 'the depth gates have a gradient to compare');
      p.forEach((row, r) => {
        // Each decision against its own scale: the depth gates' gradients are far smaller than the kernels'.
        const rowScale = Math.max(1e-3 * alphaScale, ...[0, 1, 2].map((i) => Math.abs(tfAlpha[r * 3 + i] as number)));
        const dot = row.reduce((s, pi, i) => s + pi * ((gp[r] as number[])[i] as number), 0);
        row.forEach((pi, i) => {
          const native = pi * (((gp[r] as number[])[i] as number) - dot);
          const expected = tfAlpha[r * 3 + i] as number;
          assert.ok(Math.abs(native - expected) <= 5e-3 * rowScale, `alpha[${r}][${i}] (${space.decisions[r]?.name}): native ${native} vs TF.js ${expected}`);
        });
      });
    } finally {
      mixer.dispose();
    }
  } finally {
    dnas.dispose();
  }
});

test('dnas on the native engine: the SRAM penalty keeps the chosen network under the limit, as on TF.js', { skip: nativeSkip }, () => {
  assertPenaltyFits(true);
});
