/**
 * The end-to-end benchmark of issue 7: tinyevo search on Fashion-MNIST under 64 KiB SRAM and 256 KiB flash
 * (nRF52840, TFLite Micro + CMSIS-NN), against two hand-made baselines shrunk to fit the same limits (LeNet-style and
 * DS-CNN-style), each trained for the search budget plus BENCH_FINAL_S (the search's final training, default 300 s)
 * of wall-clock time; all three run side by side, so they share the machine alike.
 * Usage: npm run bench:fashion-search  (BENCH_BUDGET_S, default 1800: the search budget in seconds)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GraphBuilder } from '../src/arch/builder.js';
import type { ArchGraph } from '../src/arch/types.js';
import { dsCnn } from '../src/arch/zoo/ds-cnn.js';
import { loadFashionMnist } from '../src/data/fashion-mnist.js';
import { useEngine } from '../src/engine/engine.js';
import { check, findDevice } from '../src/hardware/index.js';

const limits = { sramBytes: 64 * 1024, flashBytes: 256 * 1024 };
const device = findDevice('nrf52840');
const fits = (g: ArchGraph) => check(g, device, limits, { runtime: 'tflm-cmsis' });

function lenet(width: number): ArchGraph {
  const b = new GraphBuilder([28, 28, 1]);
  let x = b.maxPool(b.activation(b.conv2d(b.input, { filters: 6 * width, kernel: 5 }), 'relu'), { pool: 2 });
  x = b.maxPool(b.activation(b.conv2d(x, { filters: 16 * width, kernel: 5, padding: 'valid' }), 'relu'), { pool: 2 });
  x = b.activation(b.dense(b.flatten(x), 120), 'relu');
  return b.build(b.dense(b.activation(b.dense(x, 84), 'relu'), 10));
}

/** The largest member of a family that fits the limits. */
function largestFitting(make: (k: number) => ArchGraph, sizes: readonly number[]): ArchGraph {
  for (const k of sizes) { const g = make(k); if (fits(g).feasible) return g; }
  throw new Error('no baseline size fits the limits');
}

const baselines: Record<string, () => ArchGraph> = {
  'lenet-style': () => largestFitting(lenet, [4, 3, 2, 1]),
  'ds-cnn-style': () => largestFitting((f) => dsCnn({ filters: f, classes: 10, inputShape: [28, 28, 1] }), [64, 48, 40, 32, 24, 16]),
};

/** Trains a baseline for `seconds` of wall-clock time (epochs sized from a timed first epoch) and reports it. */
async function trainBaseline(name: string, seconds: number): Promise<void> {
  const engine = await useEngine('auto');
  const data = loadFashionMnist();
  const graph = (baselines[name] as () => ArchGraph)();
  const t0 = performance.now();
  const probe = engine.createModel(graph, 1);
  probe.fit({ train: data.train, numClasses: 10 }, { epochs: 1, batchSize: 64, learningRate: 0.003, seed: 1 });
  probe.dispose();
  const epochSeconds = (performance.now() - t0) / 1000;
  const epochs = Math.max(1, Math.floor((seconds - epochSeconds) / epochSeconds));
  const model = engine.createModel(graph, 1);
  model.fit({ train: data.train, numClasses: 10 }, { epochs, batchSize: 64, learningRate: 0.003, seed: 1 });
  const acc = model.evaluate(data.test).accuracy;
  model.dispose();
  const c = fits(graph);
  process.stdout.write(`${JSON.stringify({ name, engine: engine.description, epochs, seconds: (performance.now() - t0) / 1000, testAccuracy: acc, limits: c.checks.map((l) => ({ name: l.name, value: l.value, limit: l.limit })) })}\n`);
}

function child(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    // Three processes share the two cores: one engine thread each, so none waits on an oversubscribed thread pool.
    const p = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, TINYEVO_THREADS: process.env.TINYEVO_THREADS ?? '1' } });
    let out = '';
    p.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    p.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${args.join(' ')} exited with ${code}`))));
  });
}

async function main(): Promise<void> {
  const budget = Number(process.env.BENCH_BUDGET_S ?? 1800);
  const bin = fileURLToPath(new URL('../../bin/tinyevo.js', import.meta.url));
  const self = fileURLToPath(import.meta.url);
  const out = mkdtempSync(join(tmpdir(), 'tinyevo-fashion-'));
  const baselineSeconds = budget + Number(process.env.BENCH_FINAL_S ?? 300);
  const t0 = performance.now();
  const running = Object.keys(baselines).map((b) => child([self, 'baseline', b, String(baselineSeconds)]));
  const search = await child([bin, 'search', '--dataset', 'fashion-mnist', '--max-sram', String(limits.sramBytes), '--max-flash', String(limits.flashBytes), '--max-macs', '20000000', '--budget-s', String(budget), '--out', out, '--json']);
  const total = (performance.now() - t0) / 1000;
  const doc = JSON.parse(search) as { trials: number; trained: number; best: { testAccuracy: number; params: number; macs: number; limits: { name: string; value: number; limit: number }[] } };
  console.log(`search: ${doc.trials} candidates, ${doc.trained} trained, ${total.toFixed(0)} s in all; best test accuracy ${(doc.best.testAccuracy * 100).toFixed(2)}%, ${doc.best.params} params, ${doc.best.macs} MACs, ${doc.best.limits.map((l) => `${l.name} ${Math.round(l.value)}/${Math.round(l.limit)}`).join(', ')}`);
  const rows = await Promise.all(running);
  for (const r of rows) {
    const b = JSON.parse(r) as { name: string; engine: string; epochs: number; seconds: number; testAccuracy: number; limits: { name: string; value: number; limit: number }[] };
    console.log(`${b.name} (${b.engine}): ${b.epochs} epochs in ${b.seconds.toFixed(0)} s; test accuracy ${(b.testAccuracy * 100).toFixed(2)}%, ${b.limits.map((l) => `${l.name} ${Math.round(l.value)}/${Math.round(l.limit)}`).join(', ')}`);
  }
  console.log(`results folder: ${out}; ${readFileSync(join(out, 'summary.json'), 'utf8').length} B summary`);
}

if (process.argv[2] === 'baseline') await trainBaseline(process.argv[3] as string, Number(process.argv[4]));
else await main();
