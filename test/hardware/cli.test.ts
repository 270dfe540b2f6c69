import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { graphToJSON } from '../../src/arch/json.js';
import { dsCnn } from '../../src/arch/zoo/index.js';
import { calibration } from '../../src/hardware/latency/coefficients.js';
import { mcuReference } from './helpers/shared.js';

const bin = fileURLToPath(new URL('../../../bin/tinyevo.js', import.meta.url));
const tinyevo = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000 });
const dir = mkdtempSync(join(tmpdir(), 'tinyevo-hw-cli-'));

test('tinyevo devices --json lists the 22 catalog devices plus those of --devices', () => {
  const file = join(dir, 'devices.json');
  writeFileSync(file, JSON.stringify({ devices: [{ id: 'my-board', core: 'cortex-m33', clockHz: 64e6, sramBytes: 65536, flashBytes: 262144 }] }));
  const r = tinyevo('devices', '--json', '--devices', file);
  assert.equal(r.status, 0, r.stderr);
  const ids = (JSON.parse(r.stdout) as { devices: { id: string }[] }).devices.map((d) => d.id);
  assert.deepEqual([ids.length, ids[0], ids[22]], [23, 'stm32f746', 'my-board']);
});

test('tinyevo cost <zoo model> and <graph file> print params, MACs, flash, SRAM and where it peaks, latency, energy, margins', () => {
  const r = tinyevo('cost', 'resnet8', '--device', 'stm32f746');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /peaks at op 's1\.b\.conv'/);
  assert.match(r.stdout, /sram .* margin .*ok/);
  const file = join(dir, 'ds-cnn.json');
  writeFileSync(file, JSON.stringify(graphToJSON(dsCnn())));
  const j = tinyevo('cost', file, '--device', 'auto', '--runtime', 'tinyevo-c', '--max-latency-ms', '1000', '--json');
  assert.equal(j.status, 0, j.stderr);
  const doc = JSON.parse(j.stdout) as { runtime: string; feasible: boolean; checks: { name: string }[]; memory: { naivePeakBytes: number } };
  assert.deepEqual([doc.runtime, doc.feasible, doc.checks.map((c) => c.name), doc.memory.naivePeakBytes], ['tinyevo-c', true, ['sram', 'flash', 'latency'], 16_000]);
});

test('tinyevo cost: unknown device, unknown runtime and malformed device file are one-line errors with exit code 2', () => {
  const bad = tinyevo('cost', 'resnet8', '--device', 'stm32f999');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^tinyevo: device: id must be one of stm32f746, .*; got "stm32f999"\./);
  const rt = tinyevo('cost', 'resnet8', '--device', 'stm32f746', '--runtime', 'tvm', '--json');
  assert.equal(rt.status, 2);
  assert.equal((JSON.parse(rt.stdout) as { error: { type: string } }).error.type, 'HardwareError');
  const file = join(dir, 'neg.json');
  writeFileSync(file, JSON.stringify({ devices: [{ id: 'neg', core: 'cortex-m4', clockHz: 1e6, sramBytes: -1, flashBytes: 1 }] }));
  const neg = tinyevo('devices', '--devices', file);
  assert.equal(neg.status, 2);
  assert.match(neg.stderr, /devices\.0\.sramBytes must be a positive integer number of bytes; got -1\./);
});

test('tinyevo hardware calibrate writes the coefficients JSON equal to the committed module', (t) => {
  const csv = mcuReference('mlperf_tiny_latency.csv');
  const out = join(dir, 'cal.json');
  const r = tinyevo('hardware', 'calibrate', '--csv', csv, '--out', out);
  if (r.status === 2 && /--csv must name an existing file/.test(r.stderr)) {
    t.skip(`${csv} is absent`);
    return;
  }
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(readFileSync(out, 'utf8')), JSON.parse(JSON.stringify(calibration)));
});
