import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { totalMacs } from '../../src/arch/graph.js';
import { useBackend } from '../../src/engine/backend.js';
import { estimateCost, findDevice } from '../../src/hardware/index.js';
import { deviceCostTerms, ExpectedCost } from '../../src/search/differentiable/expected-cost.js';
import { McunetSpace } from '../../src/space/mcunet/index.js';
import { Rng } from '../../src/util/rng.js';

before(async () => { await useBackend('cpu'); });

const space = new McunetSpace({ resolution: 28, channels: 1, classes: 10, width: 0.25 });
const device = findDevice('stm32f746');
const measure = (g: Parameters<typeof estimateCost>[0]) => {
  const c = estimateCost(g, device);
  return { flashBytes: c.flashBytes, latencyMs: c.latencyMs, arenaBytes: c.memory.peakSramBytes - c.memory.persistentBytes, persistentBytes: c.memory.persistentBytes };
};
const terms = deviceCostTerms(space, measure);
const oneHot = (g: readonly number[]) => tf.oneHot(tf.tensor1d([...g], 'int32'), 3).toFloat() as tf.Tensor2D;
const softmax64 = (a: readonly number[]): number[] => { const m = Math.max(...a); const e = a.map((x) => Math.exp(x - m)); const s = e.reduce((p, x) => p + x, 0); return e.map((x) => x / s); };

test('expected costs at one-hot choices equal the hardware models: MACs and latency exactly, flash within bytes, SRAM within 0.5%', () => {
  const macs = new ExpectedCost(space, (g) => totalMacs(g));
  const rng = new Rng(11);
  let worstSram = 0;
  let worstFlash = 0;
  for (let i = 0; i < 25; i++) {
    const g = space.sample(rng);
    const c = estimateCost(space.decode(g), device);
    assert.equal(macs.exact(g), c.macs, `MACs of ${g.join('')}`);
    assert.ok(Math.abs(terms.latencyMs.exact(g) - c.latencyMs) <= 1e-9 * c.latencyMs, `latency of ${g.join('')}`);
    assert.equal(terms.persistentBytes.exact(g), c.memory.persistentBytes, 'persistent SRAM adds up exactly');
    worstFlash = Math.max(worstFlash, Math.abs(terms.flashBytes.exact(g) - c.flashBytes));
    worstSram = Math.max(worstSram, Math.abs(terms.arenaBytes.exact(g) + terms.persistentBytes.exact(g) - c.peakSramBytes) / c.peakSramBytes);
    tf.tidy(() => {
      const p = oneHot(g);
      assert.ok(Math.abs((terms.latencyMs.expected(p).dataSync()[0] as number) - c.latencyMs) <= 1e-5 * c.latencyMs, 'the tensor form agrees at one-hot');
      assert.ok(Math.abs((terms.sram(p).dataSync()[0] as number) - (terms.arenaBytes.exact(g) + terms.persistentBytes.exact(g))) <= 1, 'SRAM tensor form agrees');
    });
  }
  assert.ok(worstFlash <= 64, `flash split off by ${worstFlash} bytes (container alignment)`);
  assert.ok(worstSram <= 0.005, `SRAM surrogate off by ${(worstSram * 100).toFixed(3)}%`);
  macs.dispose();
});

test('expected-cost gradients match central finite differences of the float64 expectation', () => {
  const rng = new Rng(3);
  const alpha = Array.from({ length: space.decisions.length }, () => [rng.next() * 2 - 1, rng.next() * 2 - 1, rng.next() * 2 - 1]);
  const term = terms.latencyMs;
  const grad = tf.tidy(() => tf.grad((a: tf.Tensor) => term.expected(tf.softmax(a) as tf.Tensor2D))(tf.tensor2d(alpha)).arraySync() as number[][]);
  const f = (a: number[][]) => term.expectedNumber(a.map(softmax64));
  const eps = 1e-5;
  let worst = 0;
  const scale = Math.max(...grad.flat().map(Math.abs));
  for (const [i, row] of alpha.entries()) {
    for (let j = 0; j < 3; j++) {
      const up = alpha.map((r) => [...r]);
      const down = alpha.map((r) => [...r]);
      (up[i] as number[])[j] = (row[j] as number) + eps;
      (down[i] as number[])[j] = (row[j] as number) - eps;
      const fd = (f(up) - f(down)) / (2 * eps);
      worst = Math.max(worst, Math.abs(fd - (grad[i]?.[j] as number)) / scale);
    }
  }
  assert.ok(scale > 0);
  assert.ok(worst < 1e-3, `largest gradient error ${worst} of the largest gradient`);
  // SRAM: the expected peak moves with the largest block's expansion choice, and its gradient is finite.
  const sramGrad = tf.tidy(() => tf.grad((a: tf.Tensor) => terms.sram(tf.softmax(a) as tf.Tensor2D))(tf.tensor2d(alpha)).arraySync() as number[][]);
  assert.ok(sramGrad.flat().every(Number.isFinite) && sramGrad.flat().some((v) => v !== 0));
});
