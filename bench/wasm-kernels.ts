/**
 * Milliseconds per call of tinyevo's wasm gradient kernels (median of 10 after warm-up) on the shapes the design
 * choices in src/engine/wasm-kernels/ were measured on: with the SIMD kernels, with the composed fallbacks (or the
 * backend's own kernel) they replace, side by side, and the forward kernel and the cpu backend (one call) for
 * comparison. Usage: npm run build && node dist/bench/wasm-kernels.js
 */
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../src/engine/backend.js';
import { setSimdKernelsEnabled } from '../src/engine/wasm-kernels/simd/index.js';

type Shape4 = [number, number, number, number];

interface Case { label: string; depthwise: boolean; x: Shape4; k: number; co: number; s: number; pool?: 'avg' | 'max'; pad?: 'same' | 'valid' }

const cases: Case[] = [
  { label: 'conv2d x=[64,32,32,16]->32 k3 s1', depthwise: false, x: [64, 32, 32, 16], k: 3, co: 32, s: 1 },
  { label: 'conv2d x=[64,16,16,64]->64 k3 s2', depthwise: false, x: [64, 16, 16, 64], k: 3, co: 64, s: 2 },
  { label: 'depthwise x=[64,32,32,32] k3 s1', depthwise: true, x: [64, 32, 32, 32], k: 3, co: 32, s: 1 },
  { label: 'depthwise x=[64,32,32,32] k3 s2', depthwise: true, x: [64, 32, 32, 32], k: 3, co: 32, s: 2 },
  { label: 'avg pool x=[64,32,32,16] 3x3 s1 same', depthwise: false, x: [64, 32, 32, 16], k: 3, co: 16, s: 1, pool: 'avg', pad: 'same' },
  { label: 'max pool x=[64,32,32,16] 3x3 s1 same', depthwise: false, x: [64, 32, 32, 16], k: 3, co: 16, s: 1, pool: 'max', pad: 'same' },
  { label: 'avg pool x=[64,32,32,16] 2x2 s2', depthwise: false, x: [64, 32, 32, 16], k: 2, co: 16, s: 2, pool: 'avg', pad: 'valid' },
  { label: 'max pool x=[64,32,32,16] 2x2 s2', depthwise: false, x: [64, 32, 32, 16], k: 2, co: 16, s: 2, pool: 'max', pad: 'valid' },
];

/** Median wall time in ms of `calls` runs of `f` (each waits for its data) after `warm` unmeasured runs. */
function timeMs(f: () => tf.Tensor, calls: number, warm: number): number {
  const run = () => {
    const t0 = performance.now();
    const out = f();
    out.dataSync();
    out.dispose();
    return performance.now() - t0;
  };
  for (let i = 0; i < warm; i++) run();
  const times = Array.from({ length: calls }, run).sort((a, b) => a - b);
  return ((times[(calls - 1) >> 1] as number) + (times[calls >> 1] as number)) / 2;
}

/** The forward, filter-gradient and input-gradient kernels of one case, as closures over fixed inputs. */
function kernels(c: Case, t: { x: tf.Tensor4D; w: tf.Tensor4D; dy: tf.Tensor4D; extra?: tf.Tensor[] }): [string, () => tf.Tensor][] {
  const [kh, kw] = [c.k, c.k];
  const attrs = { strides: c.s, pad: 'same' as const, dilations: 1, dataFormat: 'NHWC' as const };
  const fs: Shape4 = c.depthwise ? [kh, kw, c.x[3], 1] : [kh, kw, c.x[3], c.co];
  const run = (name: string, inputs: tf.NamedTensorMap, extra: object) => tf.engine().runKernel(name, inputs, { ...attrs, ...extra }) as tf.Tensor;
  if (c.pool) {
    const pool = { filterSize: c.k, strides: c.s, pad: c.pad ?? 'same' };
    const y = c.pool === 'avg' ? tf.avgPool(t.x, c.k, c.s, pool.pad) : tf.maxPool(t.x, c.k, c.s, pool.pad);
    const dy = tf.onesLike(y);
    t.extra = [y, dy];
    return c.pool === 'avg'
      ? [['forward', () => tf.avgPool(t.x, c.k, c.s, pool.pad)], ['AvgPoolGrad', () => tf.engine().runKernel('AvgPoolGrad', { dy, input: t.x }, pool) as tf.Tensor]]
      : [['forward', () => tf.maxPool(t.x, c.k, c.s, pool.pad)], ['MaxPoolGrad', () => tf.engine().runKernel('MaxPoolGrad', { dy, input: t.x, output: y }, pool) as tf.Tensor]];
  }
  if (c.depthwise) {
    return [
      ['forward', () => run('DepthwiseConv2dNative', { x: t.x, filter: t.w }, {})],
      ['DepthwiseConv2dNativeBackpropFilter', () => run('DepthwiseConv2dNativeBackpropFilter', { x: t.x, dy: t.dy }, { filterShape: fs })],
      ['DepthwiseConv2dNativeBackpropInput', () => run('DepthwiseConv2dNativeBackpropInput', { dy: t.dy, filter: t.w }, { inputShape: c.x })],
    ];
  }
  return [
    ['forward', () => run('Conv2D', { x: t.x, filter: t.w }, {})],
    ['Conv2DBackpropFilter', () => run('Conv2DBackpropFilter', { x: t.x, dy: t.dy }, { filterShape: fs })],
    ['Conv2DBackpropInput', () => run('Conv2DBackpropInput', { dy: t.dy, filter: t.w }, { inputShape: c.x })],
  ];
}

function inputs(c: Case): { x: tf.Tensor4D; w: tf.Tensor4D; dy: tf.Tensor4D } {
  const ho = Math.ceil(c.x[1] / c.s);
  const wo = Math.ceil(c.x[2] / c.s);
  const w: Shape4 = c.depthwise ? [c.k, c.k, c.x[3], 1] : [c.k, c.k, c.x[3], c.co];
  return {
    x: tf.randomNormal(c.x, 0, 1, 'float32', 1) as tf.Tensor4D,
    w: tf.randomNormal(w, 0, 1, 'float32', 2) as tf.Tensor4D,
    dy: tf.randomNormal([c.x[0], ho, wo, c.depthwise ? c.x[3] : c.co], 0, 1, 'float32', 3) as tf.Tensor4D,
  };
}

async function main(): Promise<void> {
  const lines = ['| case | kernel | wasm SIMD ms | wasm composed / backend\'s own ms | cpu ms (1 call) |', '|---|---|---|---|---|'];
  for (const c of cases) {
    await useBackend('wasm');
    const tw: ReturnType<typeof inputs> & { extra?: tf.Tensor[] } = inputs(c);
    const fns = kernels(c, tw);
    const simd = fns.map(([, f]) => timeMs(f, 10, 2));
    setSimdKernelsEnabled(false);
    const plain = fns.map(([, f]) => timeMs(f, 10, 2));
    setSimdKernelsEnabled(true);
    tf.dispose([...Object.values(tw).flat()]);
    await useBackend('cpu');
    const tc: ReturnType<typeof inputs> & { extra?: tf.Tensor[] } = inputs(c);
    const cpu = kernels(c, tc).map(([, f]) => timeMs(f, 1, 0));
    tf.dispose([...Object.values(tc).flat()]);
    fns.forEach(([name], i) => lines.push(`| ${c.label} | ${name} | ${(simd[i] as number).toFixed(1)} | ${(plain[i] as number).toFixed(1)} | ${(cpu[i] as number).toFixed(1)} |`));
    process.stderr.write(`${c.label} done\n`);
  }
  process.stdout.write(`node ${process.version}\n${lines.join('\n')}\n`);
}

await main();
