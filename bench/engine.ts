/**
 * Training and inference throughput (samples/s, batch 64) of the three reference models on the wasm and cpu
 * backends, measured side by side in one run, with the wasm/cpu ratio. Usage: npm run bench:engine [-- --quick]
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ArchGraph } from '../src/arch/types.js';
import { dsCnn, mobileNetV2, resnet8 } from '../src/arch/zoo/index.js';
import { totalMacs } from '../src/arch/graph.js';
import { useBackend } from '../src/engine/backend.js';
import { TfModel } from '../src/engine/tfjs/model.js';
import { fit } from '../src/engine/tfjs/train.js';

const BATCH = 64;
const quick = process.argv.includes('--quick');

interface Row { model: string; backend: string; trainSps: number; inferSps: number }

function randomSplit(graph: ArchGraph, n: number, classes: number) {
  const size = graph.inputShape.reduce((p, d) => p * d, 1);
  const x = new Float32Array(n * size);
  for (let i = 0; i < x.length; i++) x[i] = Math.sin(i * 12.9898) * 0.5;
  const y = Int32Array.from({ length: n }, (_, i) => i % classes);
  return { n, x, y };
}

function measure(name: string, graph: ArchGraph, backend: string, trainSteps: number, inferBatches: number, warmUp: boolean): Row {
  const classes = graph.nodes[graph.nodes.length - 1]?.shape[0] as number;
  const model = new TfModel(graph, 1);
  const data = { train: randomSplit(graph, BATCH, classes), numClasses: classes };
  const opts = { batchSize: BATCH, evaluateEachEpoch: false, optimizer: 'sgd' as const, learningRate: 0.01 };
  if (warmUp) fit(model, data, { ...opts, steps: 1 }); // kernel setup, XNNPACK operator creation
  const train = fit(model, data, { ...opts, steps: trainSteps });
  const x = tf.tensor(data.train.x, [BATCH, ...graph.inputShape]);
  if (warmUp) tf.tidy(() => model.forward(x, false).dataSync());
  const t0 = performance.now();
  for (let i = 0; i < inferBatches; i++) tf.tidy(() => model.forward(x, false).dataSync());
  const inferSeconds = (performance.now() - t0) / 1000;
  x.dispose();
  model.dispose();
  const row = { model: name, backend, trainSps: (trainSteps * BATCH) / train.seconds, inferSps: (inferBatches * BATCH) / inferSeconds };
  process.stderr.write(`${name} ${backend}: train ${row.trainSps.toFixed(1)} samples/s, inference ${row.inferSps.toFixed(1)} samples/s\n`);
  return row;
}

async function main(): Promise<void> {
  const models: [string, ArchGraph][] = [['ds-cnn', dsCnn()], ['resnet8', resnet8()], ['mobilenet-v2', mobileNetV2()]];
  const rows: Row[] = [];
  for (const [name, graph] of models) {
    process.stderr.write(`${name}: ${totalMacs(graph)} MACs per sample\n`);
    await useBackend('wasm');
    rows.push(measure(name, graph, 'wasm', quick ? 3 : 20, quick ? 3 : 20, true));
    await useBackend('cpu');
    // The cpu backend is plain JavaScript: one step of batch 64 takes minutes, and it has no set-up cost to warm.
    rows.push(measure(name, graph, 'cpu', 1, quick ? 1 : 2, false));
  }
  const lines = ['| model | wasm train samples/s | cpu train samples/s | train ratio | wasm inference samples/s | cpu inference samples/s | inference ratio |', '|---|---|---|---|---|---|---|'];
  for (const [name] of models) {
    const w = rows.find((r) => r.model === name && r.backend === 'wasm') as Row;
    const c = rows.find((r) => r.model === name && r.backend === 'cpu') as Row;
    lines.push(`| ${name} | ${w.trainSps.toFixed(1)} | ${c.trainSps.toFixed(1)} | ${(w.trainSps / c.trainSps).toFixed(1)}x | ${w.inferSps.toFixed(1)} | ${c.inferSps.toFixed(1)} | ${(w.inferSps / c.inferSps).toFixed(1)}x |`);
  }
  process.stdout.write(`batch ${BATCH}, node ${process.version}\n${lines.join('\n')}\n`);
}

await main();
