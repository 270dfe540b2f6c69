import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { DataError } from '../../src/errors.js';
import { FASHION_MNIST_DIR, loadFashionMnist, loadIdxDataset } from '../../src/data/fashion-mnist.js';
import { readIdx } from '../../src/data/idx.js';

function idx(dims: number[], bytes: number[] | Uint8Array): Buffer {
  const head = Buffer.alloc(4 + 4 * dims.length);
  head.writeUInt8(0x08, 2);
  head.writeUInt8(dims.length, 3);
  dims.forEach((d, i) => head.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([head, Buffer.from(bytes)]);
}

function writeSet(dir: string, n: number, classes: number): void {
  const img = new Uint8Array(n * 16).map((_, i) => (i * 37) % 256);
  const lab = Array.from({ length: n }, (_, i) => i % classes);
  writeFileSync(join(dir, 'train-images-idx3-ubyte'), idx([n, 4, 4], img));
  writeFileSync(join(dir, 'train-labels-idx1-ubyte.gz'), gzipSync(idx([n], lab)));
  writeFileSync(join(dir, 't10k-images-idx3-ubyte'), idx([6, 4, 4], img.slice(0, 96)));
  writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), idx([6], lab.slice(0, 6)));
}

test('idx: plain and gzipped files load; pixels scale to [0,1]; a stratified validation split is held out', () => {
  const dir = mkdtempSync(join(tmpdir(), 'idx-'));
  writeSet(dir, 40, 4);
  const d = loadIdxDataset(dir, 'toy');
  assert.deepEqual(d.inputShape, [4, 4, 1]);
  assert.equal(d.numClasses, 4);
  assert.equal(d.train.n + d.validation.n, 40);
  assert.equal(d.validation.n, 4);
  assert.deepEqual([...new Set(d.validation.y)].sort(), [0, 1, 2, 3]);
  assert.equal(d.test.n, 6);
  assert.ok(Math.abs((d.test.x[1] as number) - 37 / 255) < 1e-7);
});

test('idx: a bad magic number, a truncated file and mismatched label counts are DataErrors that say what is wrong', () => {
  const dir = mkdtempSync(join(tmpdir(), 'idx-bad-'));
  writeFileSync(join(dir, 'a'), Buffer.from([0x1f, 0x8b, 8, 3, 0, 0, 0, 0]));
  assert.throws(() => readIdx(join(dir, 'a')), (e: unknown) => e instanceof DataError && /magic number must be 00 00 08 <rank> \(unsigned bytes\); got 1f 8b 08 03/.test(e.message));
  writeFileSync(join(dir, 'b'), idx([3, 4, 4], new Uint8Array(40)));
  assert.throws(() => readIdx(join(dir, 'b')), /body must hold 48 bytes for dimensions \[3, 4, 4\]; got 40\. The file is truncated or corrupt/);
  assert.throws(() => readIdx(join(dir, 'missing')), /file must exist; got no file at/);
  writeSet(dir, 10, 2);
  writeFileSync(join(dir, 't10k-labels-idx1-ubyte'), idx([5], [0, 1, 0, 1, 0]));
  assert.throws(() => loadIdxDataset(dir, 'toy'), /must hold one label per image of .*t10k-images-idx3-ubyte \(6\); got 5/);
});

test('fashion-mnist from the Debian package: 60,000 + 10,000 images of 28x28, 10 classes', { skip: process.env.CI !== 'true' && !existsSync(FASHION_MNIST_DIR) && 'install the Debian package dataset-fashion-mnist (.ci/run does)' }, () => {
  const d = loadFashionMnist();
  assert.equal(d.train.n + d.validation.n, 60_000);
  assert.equal(d.test.n, 10_000);
  assert.deepEqual(d.inputShape, [28, 28, 1]);
  assert.equal(d.classNames[9], 'ankle boot');
});


