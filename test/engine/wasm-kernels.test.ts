import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../src/engine/backend.js';
import { registerWasmGradientKernels } from '../../src/engine/wasm-kernels/index.js';
import { EngineError } from '../../src/errors.js';

interface Case { s: number; pad: 'same' | 'valid'; kh: number; kw: number; h: number; w: number; dw: boolean; ci: number; co: number }

/** Input and filter gradients of sum(conv(x, w) * weights) on one backend, as plain arrays. */
async function grads(backend: 'cpu' | 'wasm', c: Case, x0: Float32Array, w0: Float32Array): Promise<[Float32Array, Float32Array]> {
  await useBackend(backend);
  const xShape: [number, number, number, number] = [2, c.h, c.w, c.ci];
  const wShape: [number, number, number, number] = c.dw ? [c.kh, c.kw, c.ci, 1] : [c.kh, c.kw, c.ci, c.co];
  return tf.tidy(() => {
    const x = tf.tensor(x0, xShape) as tf.Tensor4D;
    const w = tf.tensor(w0, wShape) as tf.Tensor4D;
    const f = (a: tf.Tensor, b: tf.Tensor) => {
      const y = c.dw ? tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.s, c.pad) : tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.s, c.pad);
      return tf.sum(tf.mul(y, tf.sin(tf.reshape(tf.range(0, y.size), y.shape))));
    };
    const [gx, gw] = tf.grads(f)([x, w]) as [tf.Tensor, tf.Tensor];
    return [gx.dataSync() as Float32Array, gw.dataSync() as Float32Array] as [Float32Array, Float32Array];
  }) as [Float32Array, Float32Array];
}

function relMaxError(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let scale = 1e-6;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs((a[i] as number) - (b[i] as number)));
    scale = Math.max(scale, Math.abs(b[i] as number));
  }
  return diff / scale;
}

function seeded(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1);
}

const cases: Case[] = [];
for (const dw of [false, true]) {
  for (const s of [1, 2]) {
    for (const pad of ['same', 'valid'] as const) {
      for (const k of [1, 3, 5, 7]) {
        for (const [h, w] of [[9, 9], [7, 9], [15, 15]] as const) {
          if (pad === 'valid' && k > Math.min(h, w)) continue;
          cases.push({ s, pad, kh: k, kw: k, h, w, dw, ci: 3, co: 4 });
        }
      }
    }
    cases.push({ s, pad: 'same', kh: 10, kw: 4, h: 49, w: 10, dw, ci: 2, co: 5 });
  }
}

for (const c of cases) {
  const name = `${c.dw ? 'depthwise' : 'conv2d'} grad x=[2,${c.h},${c.w},${c.ci}] k=${c.kh}x${c.kw} s=${c.s} ${c.pad}${c.dw ? '' : ` co=${c.co}`}: wasm matches cpu to 1e-4`;
  test(name, async () => {
    const x0 = seeded(2 * c.h * c.w * c.ci, 1 + c.kh + 10 * c.s);
    const w0 = seeded(c.kh * c.kw * c.ci * (c.dw ? 1 : c.co), 7 + c.kw);
    const cpu = await grads('cpu', c, x0, w0);
    const wasm = await grads('wasm', c, x0, w0);
    assert.ok(relMaxError(wasm[0], cpu[0]) < 1e-4, `input gradient rel error ${relMaxError(wasm[0], cpu[0])}`);
    assert.ok(relMaxError(wasm[1], cpu[1]) < 1e-4, `filter gradient rel error ${relMaxError(wasm[1], cpu[1])}`);
  });
}

test('wasm gradient kernels leak no tensors over repeated gradient calls', async () => {
  await useBackend('wasm');
  const x = tf.randomNormal([2, 8, 8, 4], 0, 1, 'float32', 3) as tf.Tensor4D;
  const w = tf.randomNormal([3, 3, 4, 6], 0, 1, 'float32', 4) as tf.Tensor4D;
  const d = tf.randomNormal([3, 3, 4, 1], 0, 1, 'float32', 5) as tf.Tensor4D;
  const step = () => tf.tidy(() => {
    const g = tf.grads((a: tf.Tensor, b: tf.Tensor, e: tf.Tensor) => tf.sum(tf.add(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same'), tf.mean(tf.depthwiseConv2d(a as tf.Tensor4D, e as tf.Tensor4D, 2, 'same')))))([x, w, d]);
    g.forEach((t) => t.dataSync());
  });
  step();
  const before = tf.memory();
  for (let i = 0; i < 20; i++) step();
  assert.equal(tf.memory().numTensors, before.numTensors);
  assert.equal(tf.memory().numBytes, before.numBytes);
  tf.dispose([x, w, d]);
});

test('registering the wasm gradient kernels twice is harmless', () => {
  registerWasmGradientKernels();
  registerWasmGradientKernels();
});

test('dilation 2 or a depth multiplier of 2 reaching the wasm gradient kernels is an EngineError naming the value', async () => {
  await useBackend('wasm');
  const x = tf.ones([1, 9, 9, 2]);
  const dy = tf.ones([1, 9, 9, 2]);
  assert.throws(() => tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy }, { strides: 1, pad: 'same', dilations: 2, filterShape: [3, 3, 2, 1] }),
    (e: unknown) => e instanceof EngineError && /dilation must be 1 on the wasm backend; got \[2, 2\]/.test(e.message));
  assert.throws(() => tf.engine().runKernel('DepthwiseConv2dNativeBackpropFilter', { x, dy: tf.ones([1, 9, 9, 4]) }, { strides: 1, pad: 'same', dilations: 1, filterShape: [3, 3, 2, 2] }),
    /depth multiplier must be 1 on the wasm backend; got 2/);
  tf.dispose([x, dy]);
});
