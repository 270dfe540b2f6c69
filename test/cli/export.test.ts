import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { GraphBuilder } from '../../src/arch/builder.js';
import { graphToJSON } from '../../src/arch/json.js';
import type { ArchGraph } from '../../src/arch/types.js';
import { readTfliteFile } from '../../src/deploy/tflite/read.js';
import { useBackend } from '../../src/engine/backend.js';
import { writeWeightsFile } from '../../src/engine/weights-file.js';
import { seededWeights } from '../deploy/export-models.js';

await useBackend('cpu');
const bin = fileURLToPath(new URL('../../../bin/tinyevo.js', import.meta.url));
const tinyevo = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 300_000 });

function modelDir(graph: ArchGraph): string {
  const dir = mkdtempSync(join(tmpdir(), 'tinyevo-export-'));
  mkdirSync(join(dir, 'best'));
  writeFileSync(join(dir, 'best', 'graph.json'), JSON.stringify(graphToJSON(graph)));
  writeWeightsFile(join(dir, 'best', 'weights.json'), seededWeights(graph, 3));
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ dataset: 'mnist', device: 'nrf52840', runtime: 'tflm-cmsis' }));
  return dir;
}

function smallNet(): ArchGraph {
  const b = new GraphBuilder([28, 28, 1]);
  const x = b.maxPool(b.convBnAct(b.input, { filters: 4, kernel: 3, strides: 2 }), { pool: 2 });
  return b.build(b.dense(b.flatten(x), 10));
}

test('tinyevo export writes an int8 .tflite, test vectors and a report, as one JSON document', () => {
  const dir = modelDir(smallNet());
  const out = join(dir, 'export');
  const r = tinyevo('export', dir, '--out', out, '--format', 'all', '--calibration-samples', '50', '--eval-samples', '100', '--test-vectors', '3', '--name', 'digits', '--json');
  assert.equal(r.status, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { int8Accuracy: number; floatAccuracy: number; evaluationSamples: number; predicted: { flashBytes: number; sramPeakBytes: number }; files: string[]; device: string };
  assert.equal(doc.evaluationSamples, 100);
  assert.equal(doc.device, 'nrf52840', 'device taken from the results folder config');
  assert.ok(doc.int8Accuracy >= 0 && doc.int8Accuracy <= 1 && doc.floatAccuracy >= 0);
  assert.ok(doc.predicted.flashBytes > 0 && doc.predicted.sramPeakBytes > 0);
  for (const f of ['digits.tflite', 'digits.c', 'digits.h', 'digits_test.c', 'test-vectors.json', 'report.json', 'graph.json', 'weights.json']) assert.ok(existsSync(join(out, f)), `${f} written`);
  const m = readTfliteFile(join(out, 'digits.tflite'));
  assert.deepEqual(m.ops.map((o) => o.kind), ['conv2d', 'maxPool2d', 'reshape', 'fullyConnected']);
  const vectors = JSON.parse(readFileSync(join(out, 'test-vectors.json'), 'utf8')) as { cases: { input: number[]; output: number[] }[] };
  assert.equal(vectors.cases.length, 3);
  assert.equal(vectors.cases[0]!.output.length, 10);
});

test('tinyevo export refuses a model too large for the device, a bad format and a missing folder', () => {
  const b = new GraphBuilder([28, 28, 1]);
  const big = b.build(b.dense(b.dense(b.flatten(b.input), 1000), 10));
  const dir = modelDir(big);
  const tooBig = tinyevo('export', dir, '--out', join(dir, 'x'), '--device', 'stm32g0b1', '--calibration-samples', '10', '--eval-samples', '10');
  assert.equal(tooBig.status, 2);
  assert.match(tooBig.stderr, /does not fit stm32g0b1.*flash \d+ B > \d+ B.*--force/);
  const fmt = tinyevo('export', dir, '--out', join(dir, 'y'), '--format', 'onnx');
  assert.equal(fmt.status, 2);
  assert.match(fmt.stderr, /--format must be tflite, c or all.*got 'onnx'/);
  const missing = tinyevo('export', join(dir, 'nope'), '--out', join(dir, 'z'), '--json');
  assert.equal(missing.status, 2);
  assert.match((JSON.parse(missing.stdout) as { error: { message: string } }).error.message, /does not exist/);
});
