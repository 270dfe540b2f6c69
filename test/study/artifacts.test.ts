import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { readTfliteFile } from '../../src/deploy/tflite/read.js';
import { StudyError } from '../../src/study/errors.js';
import { WeightStore } from '../../src/study/artifacts.js';

test('stored weights come back exactly; a changed byte is caught by the checksum', () => {
  const store = new WeightStore(mkdtempSync(join(tmpdir(), 'tinyevo-w-')));
  const weights = [{ name: 'c/kernel', shape: [2, 3], values: Float32Array.from([1, -2, 3.5, 4, 5, 6]) }, { name: 'c/bias', shape: [3], values: Float32Array.from([0.25, 0, -1]) }];
  const ref = store.put(7, weights);
  assert.equal(ref.file, '7.weights');
  const back = store.get(ref);
  assert.deepEqual(back.map((w) => [w.name, w.shape, Array.from(w.values)]), weights.map((w) => [w.name, w.shape, Array.from(w.values)]));
  const path = join(store.dir, ref.file);
  const bytes = readFileSync(path);
  bytes[bytes.length - 1] ^= 1;
  writeFileSync(path, bytes);
  assert.throws(() => store.get(ref), (e: unknown) => e instanceof StudyError && /is corrupt: its SHA-256/.test(e.message));
  assert.throws(() => store.get({ ...ref, file: 'missing.weights' }), /must exist/);
});

const bin = fileURLToPath(new URL('../../../bin/tinyevo.js', import.meta.url));

test('a study keeps each trial\'s weights, and study export --best writes the best model as .tflite and C', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tinyevo-study-export-'));
  const db = join(dir, 'studies.db');
  const run = spawnSync(process.execPath, [bin, 'search', '--study', 's1', '--storage', db, '--budget-s', '6', '--final-epochs', '1', '--out', join(dir, 'run'), '--json'], { encoding: 'utf8', timeout: 300_000 });
  assert.equal(run.status, 0, run.stderr.slice(-2000));
  const ex = spawnSync(process.execPath, [bin, 'study', 'export', 's1', '--storage', db, '--best', '--out', join(dir, 'exp'), '--json'], { encoding: 'utf8', timeout: 300_000 });
  assert.equal(ex.status, 0, ex.stderr.slice(-2000));
  const doc = JSON.parse(ex.stdout) as { best: { weights?: { file: string } }; model: { files: string[]; int8Accuracy: number } };
  assert.ok(doc.best.weights?.file.endsWith('.weights'), 'the best trial references its stored weights');
  assert.ok(existsSync(join(dir, 'artifacts', 's1', doc.best.weights!.file)), 'weights stored beside the database');
  for (const f of ['model.tflite', 'model.c', 'model.h', 'test-vectors.json', 'report.json']) assert.ok(doc.model.files.includes(f), `${f} exported`);
  assert.ok(readTfliteFile(join(dir, 'exp', 'best', 'model.tflite')).ops.length > 0);
  assert.ok(doc.model.int8Accuracy > 0.3, `int8 accuracy of the best search-fidelity model: ${doc.model.int8Accuracy}`);
});
