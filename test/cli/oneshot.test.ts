import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const bin = fileURLToPath(new URL('../../../bin/tinyevo.js', import.meta.url));
const tinyevo = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 120_000 });

test('tinyevo search --strategy mcunet-oneshot: a space without a supernet, and --workers, are one-line errors', () => {
  const chain = tinyevo('search', '--strategy', 'mcunet-oneshot', '--budget-s', '5');
  assert.equal(chain.status, 2, chain.stderr);
  assert.match(chain.stderr, /^tinyevo: one-shot: space must have an elastic form \(a supernet whose sub-networks share its weights\); got 'chain', which has none\. Spaces with one: mcunet\.\n$/);
  const workers = tinyevo('search', '--space', 'mcunet', '--strategy', 'mcunet-oneshot', '--workers', '2', '--budget-s', '5');
  assert.equal(workers.status, 2, workers.stderr);
  assert.match(workers.stderr, /--strategy mcunet-oneshot must run in one process \(its supernet lives there\); got --workers\. Drop --workers\./);
});

test('tinyevo search --strategy dnas: a space it cannot relax, and an SRAM limit the smallest network exceeds, are one-line errors', () => {
  const chain = tinyevo('search', '--strategy', 'dnas', '--budget-s', '5');
  assert.equal(chain.status, 2, chain.stderr);
  assert.match(chain.stderr, /^tinyevo: dnas: space must be mcunet \(the space DNAS relaxes\); got 'chain'\. Pass --space mcunet\.\n$/);
  const tight = tinyevo('search', '--strategy', 'dnas', '--space', 'mcunet', '--max-sram', '1000', '--budget-s', '5');
  assert.equal(tight.status, 2, tight.stderr);
  assert.match(tight.stderr, /^tinyevo: dnas: limits\.sramBytes must allow the smallest network of the space; got 1000, and the smallest needs \d+ on nrf52840\. Raise the limit, or lower the space's width or resolution\.\n$/);
});

/** A small IDX data set of 16x16 grey images (two classes: bright top or bright bottom half), in `dir`. */
function writeTinyIdx(dir: string, train: number, test: number): void {
  const idx = (dims: number[], bytes: Uint8Array) => {
    const head = Buffer.alloc(4 + 4 * dims.length);
    head.writeUInt8(8, 2);
    head.writeUInt8(dims.length, 3);
    dims.forEach((d, i) => head.writeUInt32BE(d, 4 + 4 * i));
    return Buffer.concat([head, Buffer.from(bytes)]);
  };
  const set = (n: number, images: string, labels: string) => {
    const img = new Uint8Array(n * 256);
    const lab = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      lab[i] = i % 2;
      for (let p = 0; p < 256; p++) img[i * 256 + p] = ((p < 128) === (i % 2 === 0) ? 160 : 40) + ((i * 31 + p * 17) % 60);
    }
    writeFileSync(join(dir, images), idx([n, 16, 16], img));
    writeFileSync(join(dir, labels), idx([n], lab));
  };
  set(train, 'train-images-idx3-ubyte', 'train-labels-idx1-ubyte');
  set(test, 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte');
}

test('tinyevo search --strategy mcunet-oneshot: the budget covers the supernet training, and the summary reports both times', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tinyevo-oneshot-'));
  writeTinyIdx(dir, 640, 64);
  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ dataset: `idx:${dir}`, space: 'mcunet', strategy: 'mcunet-oneshot', device: 'stm32f746', limits: { sramBytes: 65536 }, budgetSeconds: 25, maxEvaluations: 4, finalEpochs: 1, fidelity: { epochs: 1, trainFraction: 0.5 }, oneShot: { epochs: 1, trainFraction: 0.5, randomPerStep: 1, validationSamples: 64, distill: true } }));
  const r = tinyevo('search', '--config', config, '--out', join(dir, 'out'), '--json');
  assert.equal(r.status, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { strategy: string; supernetSeconds: number; searchSeconds: number; trained: number };
  assert.equal(doc.strategy, 'mcunet-oneshot');
  assert.match(r.stderr, /random sub-networks per step \(in-place distillation\)/);
  assert.ok(doc.supernetSeconds > 0 && doc.searchSeconds >= doc.supernetSeconds, JSON.stringify(doc));
  // The evolution gets what the supernet left of the budget (the last candidate may overrun it by its scoring time).
  assert.ok(doc.searchSeconds < 25 + 10, `search took ${doc.searchSeconds} s for a 25 s budget`);
  assert.ok(doc.trained >= 1);
  // A supernet that takes the whole budget leaves the evolution nothing, and says so.
  writeFileSync(config, JSON.stringify({ ...JSON.parse(readFileSync(config, 'utf8')), budgetSeconds: 1 }));
  const spent = tinyevo('search', '--config', config, '--out', join(dir, 'out-spent'), '--json');
  // Nothing trained is a failure (exit status 2) with one JSON error document that says what to change.
  assert.equal(spent.status, 2, spent.stderr);
  assert.match(spent.stderr, /one-shot: the supernet took \d+ s of the 1 s budget, so no time is left to evolve; raise --budget-s or lower oneShot\.epochs/);
  const error = (JSON.parse(spent.stdout) as { error: { type: string; message: string } }).error;
  assert.equal(error.type, 'SearchError');
  assert.match(error.message, /no candidate was trained in the 1 s budget \(0 trials\); raise --budget-s/);
});
