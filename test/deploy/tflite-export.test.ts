import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readTflite } from '../../src/deploy/tflite/read.js';
import { writeTflite } from '../../src/deploy/tflite/write.js';
import { useBackend } from '../../src/engine/backend.js';
import { quantizeValues } from '../../src/quantize/evaluate.js';
import { runQuantModel } from '../../src/quantize/interpreter/index.js';
import type { QuantModel } from '../../src/quantize/types.js';
import { Rng } from '../../src/util/rng.js';
import { quantized, randomNetworks, zooModels } from './export-models.js';
import { runInTflite } from './tflite-runtime.js';

await useBackend('cpu');

function samples(m: QuantModel, n: number, seed: number): Int8Array[] {
  const t = m.tensors[m.inputs[0] as number]!;
  const size = t.shape.reduce((p, d) => p * d, 1);
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => quantizeValues(Float32Array.from({ length: size }, () => rng.next() * 2 - 0.5), t.quant!.scale[0]!, t.quant!.zeroPoint[0]!));
}

async function agree(name: string, m: QuantModel): Promise<void> {
  const bytes = writeTflite(m);
  assert.deepEqual(readTflite(bytes).ops.map((o) => o.kind), m.ops.map((o) => o.kind), `${name}: ops survive the file`);
  const xs = samples(m, 2, 3);
  const theirs = await runInTflite(bytes, m.tensors[m.inputs[0] as number]!.shape, xs);
  xs.forEach((x, k) => {
    const ours = runQuantModel(m, [x], { rounding: 'xnnpack' })[0] as Int8Array;
    assert.deepEqual(Array.from(ours), Array.from(theirs[k] as Int8Array), `${name}: sample ${k} differs`);
  });
}

for (const [name, graph] of zooModels()) {
  test(`exported int8 ${name}: tfjs-tflite runs tinyevo's .tflite bit-exact with the interpreter`, async () => {
    await agree(name, quantized(graph, 11));
  });
}

test('20 random networks (chain, multi-branch, block) export to .tflite and run bit-exact in tfjs-tflite', async () => {
  const nets = [...randomNetworks('chain', 7, 100), ...randomNetworks('multi-branch', 7, 200), ...randomNetworks('block', 6, 300)];
  assert.equal(nets.length, 20, 'enough quantizable networks sampled');
  for (const [name, m] of nets) await agree(name, m);
});
