import assert from 'node:assert/strict';
import { test } from 'node:test';
// setup.js imports the tfjs union package, whose side effect registers the gradient functions tf.grads needs.
import '../../src/engine/tfjs/setup.js';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { conv2dFilterChunkBytes } from '../../src/engine/wasm-kernels/conv2d-backprop-filter.js';
import { depthwiseFilterChunkBytes } from '../../src/engine/wasm-kernels/depthwise-conv2d-backprop-filter.js';
import { registerWasmGradientKernels, wasmGradientKernelConfigs } from '../../src/engine/wasm-kernels/index.js';
import { batchChunk } from '../../src/engine/wasm-kernels/padding.js';
import { setSimdKernelsEnabled } from '../../src/engine/wasm-kernels/simd/index.js';
import { EngineError } from '../../src/errors.js';

type Shape4 = [number, number, number, number];
type Padding = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];

/** One gradient check: x [n, h, w, ci], a kh x kw filter, ci -> co for conv2d (co = ci for depthwise). */
interface Case { dw: boolean; n: number; h: number; w: number; ci: number; co: number; kh: number; kw: number; s: number; pad: Padding }

registerWasmGradientKernels();
await tf.setBackend('wasm');

const xShape = (c: Case): Shape4 => [c.n, c.h, c.w, c.ci];
const wShape = (c: Case): Shape4 => (c.dw ? [c.kh, c.kw, c.ci, 1] : [c.kh, c.kw, c.ci, c.co]);
const outShape = (c: Case): number[] => tf.backend_util.computeConv2DInfo(xShape(c), wShape(c), c.s, 1, c.pad, undefined, c.dw).outShape;

function conv(c: Case, x: tf.Tensor4D, w: tf.Tensor4D): tf.Tensor4D {
  return c.dw ? tf.depthwiseConv2d(x, w, c.s, c.pad) : tf.conv2d(x, w, c.s, c.pad);
}

/** Seeded standard-normal values (generated in JavaScript, so the same on every backend). */
function normal(shape: number[], seed: number): Float32Array {
  const t = tf.randomNormal(shape, 0, 1, 'float32', seed);
  const values = Float32Array.from(t.dataSync());
  t.dispose();
  return values;
}

/** [dL/dx, dL/dw] of L = sum(conv(x, w) * dy) on `backend`. */
async function grads(backend: 'cpu' | 'wasm', c: Case, data: Float32Array[]): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const [x, w, dy] = [tf.tensor4d(data[0] as Float32Array, xShape(c)), tf.tensor4d(data[1] as Float32Array, wShape(c)), tf.tensor(data[2] as Float32Array, outShape(c))];
    const loss = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(conv(c, a as tf.Tensor4D, b as tf.Tensor4D), dy));
    return tf.grads(loss)([x, w]).map((g) => Float32Array.from(g.dataSync()));
  });
}

/** max |a - b| / max(max |b|, 1e-6). */
function relMaxError(a: Float32Array, b: Float32Array): number {
  assert.equal(a.length, b.length);
  let diff = 0;
  let scale = 1e-6;
  b.forEach((v, i) => {
    diff = Math.max(diff, Math.abs((a[i] as number) - v));
    scale = Math.max(scale, Math.abs(v));
  });
  return diff / scale;
}

function name(c: Case): string {
  const k = c.kh === c.kw ? `${c.kh}` : `${c.kh}x${c.kw}`;
  const pad = typeof c.pad === 'string' ? c.pad : `pad=${JSON.stringify(c.pad.slice(1, 3))}`;
  return `${c.dw ? 'depthwise' : 'conv2d'} grad x=[${xShape(c).join(',')}] k=${k} s=${c.s} ${pad}${c.dw ? '' : ` co=${c.co}`}`;
}

function checkCase(c: Case, seed: number, simd = true): void {
  test(`${name(c)}${simd ? '' : ' (composed fallback)'}`, async () => {
    const old = setSimdKernelsEnabled(simd);
    try {
      await checkGrads(c, seed);
    } finally {
      setSimdKernelsEnabled(old);
    }
  });
}

async function checkGrads(c: Case, seed: number): Promise<void> {
  const data = [normal(xShape(c), seed), normal(wShape(c), seed + 1), normal(outShape(c), seed + 2)];
  const cpu = await grads('cpu', c, data);
  const wasm = await grads('wasm', c, data);
  const [ex, ew] = [relMaxError(wasm[0] as Float32Array, cpu[0] as Float32Array), relMaxError(wasm[1] as Float32Array, cpu[1] as Float32Array)];
  assert.ok(ex < 1e-4, `input gradient: relative max error ${ex}`);
  assert.ok(ew < 1e-4, `filter gradient: relative max error ${ew}`);
}

const grid: Case[] = [];
for (const dw of [false, true]) {
  for (const s of [1, 2]) {
    for (const pad of ['same', 'valid'] as const) {
      for (const k of [1, 3, 5, 7]) {
        for (const [h, w] of [[9, 9], [7, 9], [15, 15]] as const) {
          grid.push({ dw, n: 2, h, w, ci: 3, co: dw ? 3 : 4, kh: k, kw: k, s, pad });
        }
      }
    }
    grid.push({ dw, n: 2, h: 13, w: 6, ci: 2, co: dw ? 2 : 5, kh: 10, kw: 4, s, pad: 'same' });
    grid.push({ dw, n: 2, h: 13, w: 6, ci: 2, co: dw ? 2 : 5, kh: 10, kw: 4, s, pad: 'valid' });
    grid.push({ dw, n: 2, h: 11, w: 8, ci: 3, co: dw ? 3 : 4, kh: 3, kw: 5, s, pad: [[0, 0], [2, 0], [1, 3], [0, 0]] });
  }
}
// Channel counts that fill the SIMD kernels' 4 x 8 register tiles and leave 4-wide and scalar remainders.
for (const s of [1, 2]) {
  for (const pad of ['same', 'valid'] as const) {
    for (const k of [1, 3]) {
      grid.push({ dw: false, n: 2, h: 11, w: 13, ci: 9, co: 13, kh: k, kw: k, s, pad });
      grid.push({ dw: true, n: 2, h: 11, w: 13, ci: 6, co: 6, kh: k, kw: k, s, pad });
    }
  }
}
grid.push({ dw: false, n: 2, h: 10, w: 10, ci: 16, co: 24, kh: 5, kw: 5, s: 2, pad: [[0, 0], [1, 2], [2, 1], [0, 0]] });
// Maps smaller than the kernel under 'same' padding: some taps read only padding (a 1x1 map under a 3x3 kernel).
for (const dw of [false, true]) {
  for (const [h, w, k, s] of [[1, 1, 3, 1], [2, 3, 7, 1], [3, 2, 5, 2], [1, 4, 5, 2]] as const) {
    grid.push({ dw, n: 2, h, w, ci: dw ? 6 : 9, co: dw ? 6 : 13, kh: k, kw: k, s, pad: 'same' });
  }
}
grid.forEach((c, i) => checkCase(c, 100 + 3 * i));

// Shapes large enough that the filter gradients split the batch into chunks (2 + 1 items), with and without the
// trailing rows a 'valid' stride-2 conv never reads.
const chunked: Case[] = [
  { dw: false, n: 3, h: 32, w: 32, ci: 2, co: 96, kh: 3, kw: 3, s: 1, pad: 'same' },
  { dw: false, n: 3, h: 64, w: 64, ci: 2, co: 96, kh: 3, kw: 3, s: 2, pad: 'valid' },
  { dw: true, n: 3, h: 32, w: 32, ci: 32, co: 32, kh: 3, kw: 3, s: 1, pad: 'same' },
  { dw: true, n: 3, h: 64, w: 64, ci: 32, co: 32, kh: 5, kw: 5, s: 2, pad: 'valid' },
];
test('the large cases split the batch into chunks', () => {
  for (const c of chunked) {
    const [, ho, wo, co] = outShape(c) as Shape4;
    assert.equal(batchChunk(c.n, ho * wo * co * 4, c.dw ? depthwiseFilterChunkBytes : conv2dFilterChunkBytes), 2, name(c));
  }
});
chunked.forEach((c, i) => checkCase(c, 900 + 3 * i, false));
chunked.forEach((c, i) => checkCase(c, 900 + 3 * i));
// The composed fallbacks (no SIMD module) on a spread of the grid.
grid.filter((_, i) => i % 5 === 0).forEach((c, i) => checkCase(c, 500 + 3 * i, false));

test('repeated gradient calls on wasm leave no tensors and no wasm buffers behind', async () => {
  await tf.setBackend('wasm');
  const cases = [chunked[1], chunked[3], grid.find((c) => c.dw && c.kh === 1 && c.s === 2 && c.h === 9), grid.find((c) => !c.dw && c.kh === 1 && c.s === 1)] as Case[];
  const step = () => {
    for (const c of cases) {
      tf.tidy(() => {
        const [x, w] = [tf.randomNormal(xShape(c), 0, 1, 'float32', 1) as tf.Tensor4D, tf.randomNormal(wShape(c), 0, 1, 'float32', 2) as tf.Tensor4D];
        tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(conv(c, a as tf.Tensor4D, b as tf.Tensor4D)))([x, w]).forEach((g) => g.dataSync());
      });
    }
  };
  step();
  const [tensors, buffers] = [tf.memory().numTensors, tf.backend().numDataIds()];
  for (let i = 0; i < 5; i++) step();
  assert.equal(tf.memory().numTensors, tensors);
  assert.equal(tf.backend().numDataIds(), buffers);
});

test('registering the wasm gradient kernels twice is harmless and keeps ours', () => {
  registerWasmGradientKernels();
  registerWasmGradientKernels();
  for (const config of wasmGradientKernelConfigs) assert.equal(tf.getKernel(config.kernelName, 'wasm')?.kernelFunc, config.kernelFunc, config.kernelName);
});

test('unsupported attributes are EngineErrors that name the value', async () => {
  await tf.setBackend('wasm');
  const x = tf.ones([1, 9, 9, 2]);
  const dy = tf.ones([1, 9, 9, 2]);
  const run = (kernel: string, inputs: tf.NamedTensorMap, attrs: object) => () => tf.engine().runKernel(kernel, inputs, { strides: 1, pad: 'same', ...attrs } as tf.NamedAttrMap);
  const engineError = (pattern: RegExp) => (e: unknown) => e instanceof EngineError && pattern.test(e.message);
  assert.throws(run('DepthwiseConv2dNativeBackpropFilter', { x, dy }, { dilations: 2, filterShape: [3, 3, 2, 1] }),
    engineError(/^DepthwiseConv2dNativeBackpropFilter: dilation must be 1 on the wasm backend; got \[2, 2\]\. /));
  assert.throws(run('DepthwiseConv2dNativeBackpropInput', { dy, filter: tf.ones([3, 3, 2, 1]) }, { dilations: [1, 3], inputShape: [1, 9, 9, 2] }),
    engineError(/dilation must be 1 on the wasm backend; got \[1, 3\]/));
  assert.throws(run('DepthwiseConv2dNativeBackpropFilter', { x, dy: tf.ones([1, 9, 9, 4]) }, { dilations: 1, filterShape: [3, 3, 2, 2] }),
    engineError(/depth multiplier must be 1 on the wasm backend; got 2/));
  assert.throws(run('Conv2DBackpropFilter', { x, dy }, { dataFormat: 'NCHW', filterShape: [3, 3, 2, 2] }),
    engineError(/^Conv2DBackpropFilter: dataFormat must be NHWC on the wasm backend; got NCHW\. /));
  tf.disposeVariables();
  tf.dispose([x, dy]);
});

// ---- Pooling gradients ----------------------------------------------------------------------------------------

interface PoolCase { kind: 'avg' | 'max'; n: number; h: number; w: number; c: number; k: number; s: number; pad: 'same' | 'valid' }

/** Values on a coarse grid (many exact ties inside a window, as after a ReLU) when `ties`, else normal. */
function poolInput(c: PoolCase, seed: number, ties: boolean): Float32Array {
  const v = normal([c.n, c.h, c.w, c.c], seed);
  return ties ? v.map((x) => Math.max(0, Math.round(x * 2) / 2)) : v;
}

/** The average-pool gradient of the forward pass that averages the cells inside each window (padding excluded). */
function avgPoolGradReference(c: PoolCase, dy: Float32Array): Float32Array {
  const info = tf.backend_util.computePool2DInfo([c.n, c.h, c.w, c.c], c.k, c.s, 1, c.pad);
  const dx = new Float32Array(c.n * c.h * c.w * c.c);
  for (let b = 0; b < c.n; b++) {
    for (let oy = 0; oy < info.outHeight; oy++) {
      for (let ox = 0; ox < info.outWidth; ox++) {
        const r0 = Math.max(0, oy * c.s - info.padInfo.top);
        const r1 = Math.min(c.h, oy * c.s - info.padInfo.top + c.k);
        const q0 = Math.max(0, ox * c.s - info.padInfo.left);
        const q1 = Math.min(c.w, ox * c.s - info.padInfo.left + c.k);
        const count = (r1 - r0) * (q1 - q0);
        for (let ch = 0; ch < c.c; ch++) {
          const g = (dy[((b * info.outHeight + oy) * info.outWidth + ox) * c.c + ch] as number) / count;
          for (let y = r0; y < r1; y++) for (let x = q0; x < q1; x++) dx[((b * c.h + y) * c.w + x) * c.c + ch] += g;
        }
      }
    }
  }
  return dx;
}

async function poolGrad(backend: 'cpu' | 'wasm', c: PoolCase, x: Float32Array, dy: Float32Array): Promise<Float32Array> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const xt = tf.tensor4d(x, [c.n, c.h, c.w, c.c]);
    const pool = (a: tf.Tensor4D) => (c.kind === 'avg' ? tf.avgPool(a, c.k, c.s, c.pad) : tf.maxPool(a, c.k, c.s, c.pad));
    const dyt = tf.tensor(dy, pool(xt).shape);
    return Float32Array.from(tf.grad((a: tf.Tensor) => tf.sum(tf.mul(pool(a as tf.Tensor4D), dyt)))(xt).dataSync());
  });
}

const pools: PoolCase[] = [];
for (const kind of ['avg', 'max'] as const) {
  for (const [k, s] of [[2, 2], [3, 1], [3, 2], [5, 3]] as const) {
    for (const pad of ['same', 'valid'] as const) {
      for (const c of [3, 8, 13]) pools.push({ kind, n: 2, h: 9, w: 7, c, k, s, pad });
    }
  }
  pools.push({ kind, n: 2, h: 2, w: 1, c: 5, k: 3, s: 1, pad: 'same' });
}
pools.forEach((c, i) => {
  test(`${c.kind} pool grad x=[${c.n},${c.h},${c.w},${c.c}] k=${c.k} s=${c.s} ${c.pad}`, async () => {
    registerWasmGradientKernels();
    const x = poolInput(c, 1200 + i, c.kind === 'max');
    const outShape = tf.backend_util.computePool2DInfo([c.n, c.h, c.w, c.c], c.k, c.s, 1, c.pad).outShape;
    const dy = normal(outShape, 1300 + i);
    const wasm = await poolGrad('wasm', c, x, dy);
    // Max pool: TF.js's cpu kernel (the first maximum of a window takes the gradient, ties included). Average pool:
    // the gradient of the forward pass (cells inside the window), which cpu matches where no window holds padding.
    const expected = c.kind === 'max' || c.pad === 'valid' ? await poolGrad('cpu', c, x, dy) : avgPoolGradReference(c, dy);
    assert.ok(relMaxError(wasm, expected) < 1e-5, `relative max error ${relMaxError(wasm, expected)}`);
    if (c.kind === 'avg') assert.ok(relMaxError(wasm, avgPoolGradReference(c, dy)) < 1e-5);
  });
});
test('pooling gradients fall back to the backend\'s own kernels without the SIMD module', async () => {
  // No ties and no padding: the backend's own max-pool gradient breaks ties differently from TF.js's cpu kernel and
  // from ours, and at 'same' borders it loses gradients where a window's values are all negative.
  const c: PoolCase = { kind: 'max', n: 2, h: 9, w: 7, c: 8, k: 3, s: 2, pad: 'valid' };
  const x = poolInput(c, 77, false);
  const dy = normal(tf.backend_util.computePool2DInfo([2, 9, 7, 8], 3, 2, 1, 'valid').outShape, 78);
  const simd = await poolGrad('wasm', c, x, dy);
  const old = setSimdKernelsEnabled(false);
  try {
    assert.deepEqual(await poolGrad('wasm', c, x, dy), simd);
    const avg: PoolCase = { ...c, kind: 'avg', pad: 'valid' };
    const dyAvg = normal(tf.backend_util.computePool2DInfo([2, 9, 7, 8], 3, 2, 1, 'valid').outShape, 79);
    assert.ok(relMaxError(await poolGrad('wasm', avg, x, dyAvg), await poolGrad('cpu', avg, x, dyAvg)) < 1e-5);
  } finally {
    setSimdKernelsEnabled(old);
  }
});
