import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findDevice } from '../../src/hardware/index.js';
import { optimiseSpaceForDevice } from '../../src/study/optimise-space.js';

const grid = { widths: [0.3, 0.5, 0.8], resolutions: [48, 96, 144], samples: 12 };

test('optimise-space: the chosen setting has the highest mean MACs among settings with enough feasible models', () => {
  const r = optimiseSpaceForDevice(findDevice('stm32f746'), { sramBytes: 256 * 1024 }, grid);
  assert.equal(r.settings.length, 9);
  const kept = r.settings.filter((s) => s.feasibleFraction >= 0.1);
  assert.ok(r.best && kept.every((s) => s.meanMacs <= r.best!.meanMacs));
  // Larger inputs cost quadratically more activation memory: at width 0.8 the feasible share cannot grow with resolution.
  const w8 = r.settings.filter((s) => s.width === 0.8).map((s) => s.feasibleFraction);
  assert.ok(w8[0]! >= w8[1]! && w8[1]! >= w8[2]!, JSON.stringify(w8));
});

test('optimise-space: a looser SRAM limit never makes fewer models fit; an impossible one chooses nothing', () => {
  const device = findDevice('stm32f746');
  const tight = optimiseSpaceForDevice(device, { sramBytes: 64 * 1024 }, grid);
  const loose = optimiseSpaceForDevice(device, { sramBytes: 256 * 1024 }, grid);
  tight.settings.forEach((s, i) => assert.ok((loose.settings[i]?.feasibleFraction ?? 0) >= s.feasibleFraction));
  assert.equal(optimiseSpaceForDevice(device, { sramBytes: 1024 }, grid).best, null);
});
