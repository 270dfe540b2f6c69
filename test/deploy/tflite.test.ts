import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { DeployError } from '../../src/deploy/errors.js';
import { readTflite, readTfliteFile } from '../../src/deploy/tflite/read.js';
import { writeTflite } from '../../src/deploy/tflite/write.js';
import { useBackend } from '../../src/engine/backend.js';
import { runQuantModel } from '../../src/quantize/interpreter/index.js';
import type { QuantModel } from '../../src/quantize/types.js';
import { Rng } from '../../src/util/rng.js';
import { runInTflite } from './tflite-runtime.js';

await useBackend('cpu');

const MODELS = '../shared/reference/tflite/models';
const int8Models = readdirSync(MODELS).filter((f) => f.endsWith('.tflite') && !f.includes('float'));
const plain = (m: QuantModel) => JSON.parse(JSON.stringify(m, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v as Int8Array) : v)));

function randomInputs(m: QuantModel, n: number, seed: number): Int8Array[] {
  const size = m.tensors[m.inputs[0] as number]!.shape.reduce((p, d) => p * d, 1);
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => Int8Array.from({ length: size }, () => rng.int(-128, 127)));
}

test('every reference .tflite reads, writes and reads back to the same model', () => {
  for (const f of readdirSync(MODELS).filter((x) => x.endsWith('.tflite'))) {
    const m = readTfliteFile(join(MODELS, f));
    assert.ok(isDeepStrictEqual(plain(readTflite(writeTflite(m))), plain(m)), `${f} round trip`);
  }
});

// Full TFLite rejects person_detect.tflite (per-channel quantized_dimension 3); TFLite Micro and tinyevo read it.
const fullTfliteReads = int8Models.filter((f) => f !== 'person_detect.tflite');

for (const f of fullTfliteReads) {
  test(`reference interpreter ('xnnpack' rounding) equals tfjs-tflite bit for bit on ${f}`, async () => {
    const m = readTfliteFile(join(MODELS, f));
    const xs = randomInputs(m, 3, 7);
    const ours = xs.map((x) => runQuantModel(m, [x], { rounding: 'xnnpack' })[0] as Int8Array);
    const theirs = await runInTflite(readFileSync(join(MODELS, f)), m.tensors[m.inputs[0] as number]!.shape, xs);
    ours.forEach((y, k) => assert.deepEqual(Array.from(y), Array.from(theirs[k] as Int8Array), `${f} sample ${k}`));
  });
}

test('the person detector (rejected by full TFLite) runs in the interpreter with a plausible two-class output', () => {
  const m = readTfliteFile(join(MODELS, 'person_detect.tflite'));
  const [y] = runQuantModel(m, randomInputs(m, 1, 2)) as [Int8Array];
  assert.equal(y.length, 2);
  const sum = (y[0]! + 128) / 256 + (y[1]! + 128) / 256;
  assert.ok(Math.abs(sum - 1) < 0.02, `softmax outputs sum to ${sum}`);
});

test('double (TFLite Micro) and single rounding are distinct modes: they disagree by one step on a few values', () => {
  const m = readTfliteFile(join(MODELS, 'mlperf_tiny_pretrainedResnet_quant.tflite'));
  const conv = { ...m, ops: [m.ops[0]!], outputs: [m.ops[0]!.output] };
  const [x] = randomInputs(m, 1, 5);
  const a = runQuantModel(conv, [x!])[0] as Int8Array;
  const b = runQuantModel(conv, [x!], { rounding: 'single' })[0] as Int8Array;
  const diff = a.map((v, i) => Math.abs(v - (b[i] as number)));
  assert.ok(diff.some((d) => d === 1) && diff.every((d) => d <= 1), 'some values differ, by one step at most');
  assert.ok(diff.filter((d) => d > 0).length < a.length * 0.01, 'on under 1% of values');
});

test('bad files: truncated, foreign, unsupported operator', () => {
  const kws = readFileSync(join(MODELS, 'mlperf_tiny_kws_ref_model.tflite'));
  assert.throws(() => readTflite(kws.subarray(0, 4000), 'kws.tflite'), (e: unknown) => e instanceof DeployError && /truncated or corrupt/.test(e.message));
  assert.throws(() => readTflite(new Uint8Array(3)), /too short/);
  const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
  assert.throws(() => readTflite(png, 'x.png'), (e: unknown) => e instanceof DeployError && /not a TFLite model/.test(e.message) && /TFL3/.test(e.message));
  const m = readTfliteFile(join(MODELS, 'hello_world_int8.tflite'));
  const bad = { ...m, ops: [{ ...m.ops[0]!, kind: 'gelu' } as unknown as QuantModel['ops'][number]] };
  assert.throws(() => writeTflite(bad), (e: unknown) => e instanceof DeployError && /'gelu' cannot be expressed in TFLite/.test(e.message));
});
