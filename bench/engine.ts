/**
 * Training-step time (batch 64, SGD with momentum) of the three reference models on every engine, measured side by
 * side in one run: the native oneDNN engine with 1 and 2 threads, TF.js wasm, and PyTorch on CPU with 1 thread (the
 * same ArchGraph rebuilt in PyTorch by bench/torch_step.py, when Debian's python3-torch is installed), with ratios.
 * Usage: npm run bench:engine [-- --quick]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { totalMacs } from '../src/arch/graph.js';
import { graphToJSON } from '../src/arch/json.js';
import type { ArchGraph } from '../src/arch/types.js';
import { dsCnn, mobileNetV2, resnet8 } from '../src/arch/zoo/index.js';
import { useEngine } from '../src/engine/engine.js';
import { loadNative } from '../src/engine/native/addon.js';

const BATCH = 64;
const quick = process.argv.includes('--quick');
const models: [string, ArchGraph][] = [['ds-cnn', dsCnn()], ['resnet8', resnet8()], ['mobilenet-v2', mobileNetV2()]];

function randomSplit(graph: ArchGraph, n: number, classes: number) {
  const size = graph.inputShape.reduce((p, d) => p * d, 1);
  const x = new Float32Array(n * size);
  for (let i = 0; i < x.length; i++) x[i] = Math.sin(i * 12.9898) * 0.5;
  return { n, x, y: Int32Array.from({ length: n }, (_, i) => i % classes) };
}

/** Milliseconds per training step of `graph` on an engine, after warm-up steps (primitive creation, JIT). */
async function stepMs(engineName: string, threads: number, graph: ArchGraph, steps: number): Promise<number> {
  const engine = await useEngine(engineName, { threads });
  const classes = graph.nodes[graph.nodes.length - 1]?.shape[0] as number;
  const model = engine.createModel(graph, 1);
  const data = { train: randomSplit(graph, BATCH, classes), numClasses: classes };
  const opts = { batchSize: BATCH, evaluateEachEpoch: false, optimizer: 'sgd' as const, learningRate: 0.01 };
  try {
    model.fit(data, { ...opts, steps: 2 });
    const r = model.fit(data, { ...opts, steps });
    return (r.seconds * 1000) / steps;
  } finally {
    model.dispose();
  }
}

/** PyTorch's milliseconds per step for each model, or the reason it could not run. */
function torchMs(steps: number): Map<string, number> | string {
  const python = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0);
  if (!python) return 'PyTorch not installed (Debian: apt-get install python3-torch)';
  const dir = mkdtempSync(join(tmpdir(), 'tinyevo-bench-'));
  const files = models.map(([name, g]) => {
    const f = join(dir, `${name}.json`);
    writeFileSync(f, JSON.stringify(graphToJSON(g)));
    return f;
  });
  const script = fileURLToPath(new URL('../../bench/torch_step.py', import.meta.url));
  const r = spawnSync(python, [script, '1', String(BATCH), String(steps), ...files], { encoding: 'utf8' });
  if (r.status !== 0) return `PyTorch run failed: ${r.stderr.slice(-400)}`;
  const out = new Map<string, number>();
  for (const line of r.stdout.trim().split('\n')) {
    const { file, msPerStep } = JSON.parse(line) as { file: string; msPerStep: number };
    out.set(models[files.indexOf(file)]?.[0] as string, msPerStep);
  }
  return out;
}

async function main(): Promise<void> {
  const steps = quick ? 5 : 20;
  const native = loadNative();
  const rows: { model: string; n1?: number; n2?: number; wasm: number; torch?: number }[] = [];
  const torch = torchMs(steps);
  if (typeof torch === 'string') process.stderr.write(`${torch}: its column stays empty\n`);
  for (const [name, graph] of models) {
    process.stderr.write(`${name}: ${totalMacs(graph)} MACs per sample\n`);
    const row: (typeof rows)[number] = { model: name, wasm: 0 };
    if (native.addon) {
      row.n1 = await stepMs('native', 1, graph, steps);
      row.n2 = await stepMs('native', 2, graph, steps);
    }
    row.wasm = await stepMs('wasm', 1, graph, quick ? 3 : 10);
    if (typeof torch !== 'string') row.torch = torch.get(name);
    process.stderr.write(`${name}: native 1 thread ${row.n1?.toFixed(1) ?? '-'} ms, 2 threads ${row.n2?.toFixed(1) ?? '-'} ms, wasm ${row.wasm.toFixed(1)} ms, PyTorch ${row.torch?.toFixed(1) ?? '-'} ms per step\n`);
    rows.push(row);
  }
  const f = (v: number | undefined) => (v === undefined ? '-' : v.toFixed(1));
  const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? '-' : `${(a / b).toFixed(2)}x`);
  const lines = [
    '| model | native 1 thread (ms) | native 2 threads (ms) | wasm (ms) | PyTorch 1 thread (ms) | native 1t / PyTorch | wasm / PyTorch |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.model} | ${f(r.n1)} | ${f(r.n2)} | ${f(r.wasm)} | ${f(r.torch)} | ${ratio(r.n1, r.torch)} | ${ratio(r.wasm, r.torch)} |`),
  ];
  const about = native.addon ? `oneDNN ${native.addon.version()}` : `native engine absent: ${native.reason}`;
  process.stdout.write(`training step, batch ${BATCH}, node ${process.version}, ${about}\n${lines.join('\n')}\n`);
}

await main();
