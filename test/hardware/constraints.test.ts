import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GraphBuilder } from '../../src/arch/builder.js';
import { dsCnn, resnet8 } from '../../src/arch/zoo/index.js';
import { check } from '../../src/hardware/constraints.js';
import { costModel, estimateCost } from '../../src/hardware/cost.js';
import { deviceCatalog } from '../../src/hardware/devices/catalog.js';
import { findDevice } from '../../src/hardware/devices/registry.js';
import { HardwareError } from '../../src/hardware/errors.js';
import { smallestFittingDevice } from '../../src/hardware/select.js';

const f746 = findDevice('stm32f746');

test('check: per limit value, limit, margin = limit - value, margin ratio, and what to shrink', () => {
  const r = check(resnet8(), f746, { latencyMs: 1, macs: 20e6 });
  const by = (name: string) => r.checks.find((c) => c.name === name)!;
  const sram = by('sram');
  // SRAM defaults to the device's 320 KiB = 327,680 B.
  assert.deepEqual([sram.limit, sram.margin, sram.ok], [327_680, 327_680 - sram.value, true]);
  assert.equal(sram.marginRatio, (327_680 - sram.value) / 327_680);
  assert.equal(by('flash').limit, 1_048_576);
  // 12,608,128 MACs (resnet8, BN and pooling counted by the IR) against 20e6.
  assert.deepEqual([by('macs').value, by('macs').ok], [12_608_128, true]);
  const lat = by('latency');
  assert.equal(lat.ok, false);
  // The only exceeded limit is latency: violation = (value - 1 ms) / 1 ms.
  assert.equal(r.violation, lat.value - 1);
  assert.equal(r.feasible, false);
  // The slowest ops are the 3x3 convolutions with the most MACs: the 2,359,296-MAC ones.
  assert.deepEqual(lat.culprits.length, 3);
  assert.ok(lat.culprits.every((id) => /^s\d\.(a|b)\.conv$|^stem\.conv$/.test(id)), lat.culprits.join());
  assert.throws(() => check(resnet8(), f746, { latencyMs: -1 }), { name: 'HardwareError', message: 'check: limits.latencyMs must be a positive number; got -1. Omit a limit to leave it unchecked.' });
});

test('estimateCost ties the figures together: energy = latency x power, flash = model + code, SRAM = arena + persistent', () => {
  const c = estimateCost(dsCnn(), findDevice('stm32l4r5'));
  assert.equal(c.flashBytes, c.flash.modelBytes + c.flash.codeBytes);
  assert.equal(c.peakSramBytes, c.memory.arenaBytes + c.memory.persistentBytes);
  // L4R5: measured 43.7 mW.
  assert.ok(Math.abs(c.energyUj - c.latencyMs * 43.7) < 1e-9);
  assert.deepEqual(costModel('tflm-cmsis')(dsCnn(), findDevice('stm32l4r5')), { macs: c.macs, flashBytes: c.flashBytes, peakSramBytes: c.peakSramBytes, latencyMs: c.latencyMs });
});

test('the smallest fitting device is chosen; a graph that fits no device names its peak and the largest device', () => {
  const small = smallestFittingDevice(dsCnn(), deviceCatalog);
  assert.ok(deviceCatalog.every((d) => d.sramBytes >= small.device.sramBytes || !check(dsCnn(), d).feasible));
  // 512 x 512 x 16 int8 = 4 MiB for one activation: more than the 2.75 MiB of the largest SRAM (apollo4p).
  const b = new GraphBuilder([512, 512, 3]);
  b.conv2d(b.conv2d(b.input, { filters: 16, id: 'wide' }), { filters: 4, id: 'next' });
  assert.throws(() => smallestFittingDevice(b.build(), deviceCatalog), (e: Error) => e instanceof HardwareError
    && /^device: the graph must fit at least one of 22 devices; got peak SRAM [\d,]+ B \(at op 'next', live: wide 4,194,304 B, next 1,048,576 B\)/.test(e.message)
    && e.message.includes('the largest SRAM is 2,883,584 B (apollo4p)') && e.message.endsWith('or the largest weights.'));
});
