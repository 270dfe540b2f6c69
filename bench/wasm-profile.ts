/**
 * Where one wasm training step's time goes: milliseconds per step (batch 64, SGD with momentum, after warm-up) and
 * per-kernel times from one profiled step, for one of the bench:engine models.
 * Usage: node dist/bench/wasm-profile.js [ds-cnn|resnet8|mobilenet-v2] (after npm run build);
 * TINYEVO_WASM_SIMD=off profiles the composed fallbacks instead of tinyevo's SIMD kernels.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ArchGraph } from '../src/arch/types.js';
import { dsCnn, mobileNetV2, resnet8 } from '../src/arch/zoo/index.js';
import { useEngine } from '../src/engine/engine.js';

const models: Record<string, () => ArchGraph> = { 'ds-cnn': dsCnn, resnet8, 'mobilenet-v2': mobileNetV2 };

async function main(): Promise<void> {
  const name = process.argv[2] ?? 'resnet8';
  const make = models[name];
  if (!make) throw new Error(`model must be one of ${Object.keys(models).join(', ')}; got ${name}`);
  const graph = make();
  const engine = await useEngine('wasm', { threads: 1 });
  const classes = graph.nodes[graph.nodes.length - 1]?.shape[0] as number;
  const size = graph.inputShape.reduce((p, d) => p * d, 1);
  const n = 64;
  const x = new Float32Array(n * size);
  for (let i = 0; i < x.length; i++) x[i] = Math.sin(i * 12.9898) * 0.5;
  const data = { train: { n, x, y: Int32Array.from({ length: n }, (_, i) => i % classes) }, numClasses: classes };
  const model = engine.createModel(graph, 1);
  const opts = { batchSize: n, evaluateEachEpoch: false, optimizer: 'sgd' as const, learningRate: 0.01 };
  try {
    model.fit(data, { ...opts, steps: 3 });
    const r = model.fit(data, { ...opts, steps: 10 });
    process.stdout.write(`${name}: ${((r.seconds * 1000) / 10).toFixed(1)} ms per step (10 steps after 3 warm-up)\n`);
    const info = await tf.profile(() => {
      model.fit(data, { ...opts, steps: 1 });
    });
    const byKernel = new Map<string, { ms: number; calls: number }>();
    for (const k of info.kernels) {
      const row = byKernel.get(k.name) ?? { ms: 0, calls: 0 };
      row.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
      row.calls++;
      byKernel.set(k.name, row);
    }
    process.stdout.write('| kernel | ms in one step | calls |\n|---|---|---|\n');
    for (const [kernel, { ms, calls }] of [...byKernel].sort((a, b) => b[1].ms - a[1].ms)) {
      if (ms >= 0.05) process.stdout.write(`| ${kernel} | ${ms.toFixed(1)} | ${calls} |\n`);
    }
    process.stdout.write('("forward" is a custom-gradient op and includes the kernels it runs)\n');
  } finally {
    model.dispose();
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
