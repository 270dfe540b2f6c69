import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '../errors.js';
import { stratifiedSplit, takeSamples, type Dataset } from './dataset.js';

const RECORD = 1 + 32 * 32 * 3;
const CLASSES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];

/** Decodes CIFAR-10 binary records (label byte, then 1,024 red, 1,024 green, 1,024 blue bytes) to NHWC floats in [0, 1]. */
export function decodeCifarRecords(bytes: Uint8Array, where: string): { x: Float32Array; y: Int32Array } {
  if (bytes.length === 0 || bytes.length % RECORD !== 0) {
    throw new DataError(`${where}: a CIFAR-10 binary file holds whole records of ${RECORD} bytes (1 label + 32x32x3 pixels); got ${bytes.length} bytes (${(bytes.length / RECORD).toFixed(2)} records).`);
  }
  const n = bytes.length / RECORD;
  const x = new Float32Array(n * 3072);
  const y = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const base = r * RECORD;
    const label = bytes[base] as number;
    if (label > 9) throw new DataError(`${where}: record ${r} has label ${label}; CIFAR-10 labels are 0-9.`);
    y[r] = label;
    for (let p = 0; p < 1024; p++) for (let c = 0; c < 3; c++) x[r * 3072 + p * 3 + c] = (bytes[base + 1 + c * 1024 + p] as number) / 255;
  }
  return { x, y };
}

function readBatch(path: string): { x: Float32Array; y: Int32Array } {
  return decodeCifarRecords(new Uint8Array(readFileSync(path)), path);
}

function concat(parts: { x: Float32Array; y: Int32Array }[]): { x: Float32Array; y: Int32Array } {
  const x = new Float32Array(parts.reduce((s, p) => s + p.x.length, 0));
  const y = new Int32Array(parts.reduce((s, p) => s + p.y.length, 0));
  let i = 0, j = 0;
  for (const p of parts) { x.set(p.x, i); y.set(p.y, j); i += p.x.length; j += p.y.length; }
  return { x, y };
}

/**
 * CIFAR-10 in its binary format, from a folder a user brings (`data_batch_1.bin` ... `data_batch_5.bin`, any that
 * exist, and `test_batch.bin`): 32x32x3 images in [0, 1], a stratified seeded `validationFraction` of the training
 * batches held out. Throws DataError for a missing folder or file, or a malformed one.
 */
export function loadCifar10(dir: string, validationFraction = 0.1, seed = 20260101): Dataset {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new DataError(`cifar10: ${dir} must be a folder with data_batch_N.bin and test_batch.bin (the CIFAR-10 binary version); it does not exist.`);
  const batches = [1, 2, 3, 4, 5].map((k) => join(dir, `data_batch_${k}.bin`)).filter((p) => existsSync(p));
  const testPath = join(dir, 'test_batch.bin');
  if (batches.length === 0 || !existsSync(testPath)) throw new DataError(`cifar10: ${dir} must hold at least data_batch_1.bin and test_batch.bin; found ${batches.length} training batches${existsSync(testPath) ? '' : ' and no test_batch.bin'}.`);
  const train = concat(batches.map(readBatch));
  const test = readBatch(testPath);
  const split = stratifiedSplit(train.x, train.y, 3072, 10, { validation: validationFraction, test: 0 }, seed);
  return {
    name: 'cifar10', inputShape: [32, 32, 3], numClasses: 10, classNames: CLASSES,
    train: split.train, validation: split.validation,
    test: takeSamples(test.x, test.y, 3072, Array.from({ length: test.y.length }, (_, i) => i)),
  };
}
