import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadCifar10 } from '../../src/data/cifar10.js';
import { DataError } from '../../src/errors.js';

/** `n` records in CIFAR-10's binary layout: record r has label r % 10 and red = r, green = 2r, blue = 255 - r at every pixel except pixel 1 (red 7). */
function records(n: number, offset = 0): Buffer {
  const b = Buffer.alloc(n * 3073);
  for (let r = 0; r < n; r++) {
    const base = r * 3073;
    b[base] = (r + offset) % 10;
    for (let p = 0; p < 1024; p++) { b[base + 1 + p] = p === 1 ? 7 : r; b[base + 1 + 1024 + p] = 2 * r; b[base + 1 + 2048 + p] = 255 - r; }
  }
  return b;
}

test('CIFAR-10 binary batches load as 32x32x3 NHWC images with labels and a stratified validation split', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cifar-'));
  writeFileSync(join(dir, 'data_batch_1.bin'), records(60));
  writeFileSync(join(dir, 'data_batch_2.bin'), records(40, 3));
  writeFileSync(join(dir, 'test_batch.bin'), records(20));
  const d = loadCifar10(dir);
  assert.deepEqual(d.inputShape, [32, 32, 3]);
  assert.equal(d.train.n + d.validation.n, 100);
  assert.equal(d.validation.n, 10, 'one in ten of each class held out');
  assert.equal(d.test.n, 20);
  // Test record 5: label 5, pixel 0 = (5, 10, 250) / 255, pixel 1 red = 7 / 255 (channel-planar -> interleaved).
  const px = Array.from(d.test.x.subarray(5 * 3072, 5 * 3072 + 6), (v) => Math.round(v * 255));
  assert.deepEqual(px, [5, 10, 250, 7, 10, 250]);
  assert.equal(d.test.y[5], 5);
});

test('CIFAR-10 errors name the folder, the file and the value', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cifar-'));
  assert.throws(() => loadCifar10(join(dir, 'nope')), (e: unknown) => e instanceof DataError && /does not exist/.test(e.message));
  assert.throws(() => loadCifar10(dir), /at least data_batch_1.bin and test_batch.bin/);
  writeFileSync(join(dir, 'data_batch_1.bin'), records(3).subarray(0, 3073 * 2 + 100));
  writeFileSync(join(dir, 'test_batch.bin'), records(2));
  assert.throws(() => loadCifar10(dir), /whole records of 3073 bytes.*6246 bytes/);
  const bad = records(2);
  bad[3073] = 12;
  writeFileSync(join(dir, 'data_batch_1.bin'), bad);
  assert.throws(() => loadCifar10(dir), /record 1 has label 12; CIFAR-10 labels are 0-9/);
});
