import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCsv } from '../../../src/hardware/calibrate/csv.js';
import { deviceCatalog } from '../../../src/hardware/devices/catalog.js';
import { coreFamilies, type CoreFamily } from '../../../src/hardware/devices/types.js';
import { mcuReference, readMcuReference } from '../helpers/shared.js';

test('catalog: 22 devices with unique lower-case part ids, valid cores and positive sizes', () => {
  assert.equal(deviceCatalog.length, 22);
  const ids = deviceCatalog.map((d) => d.id);
  assert.equal(new Set(ids).size, 22);
  for (const id of ['stm32f746', 'stm32l4r5', 'stm32h743', 'nrf52840']) assert.ok(ids.includes(id), id);
  for (const d of deviceCatalog) {
    assert.match(d.id, /^[a-z0-9][a-z0-9._-]*$/);
    assert.ok((coreFamilies as readonly string[]).includes(d.core));
    assert.ok(d.sramBytes > 0 && d.flashBytes > 0 && d.clockHz > 0);
  }
  // STM32F746: 216 MHz, 320 KB SRAM = 320 * 1024 = 327,680 B, 1 MB flash = 1,048,576 B.
  const f746 = deviceCatalog.find((d) => d.id === 'stm32f746');
  assert.deepEqual([f746?.core, f746?.clockHz, f746?.sramBytes, f746?.flashBytes], ['cortex-m7', 216e6, 327_680, 1_048_576]);
});

const leadingNumber = (s: string): number | null => {
  const m = /^\s*"?(?:up to\s+)?(\d+(?:\.\d+)?)\s*(MB)?/.exec(s);
  return m ? Number(m[1]) * (m[2] === 'MB' ? 1024 : 1) : null;
};

function coreOf(text: string): CoreFamily | null {
  const m = /Cortex-(M\d+\+?)/.exec(text);
  if (m) return m[1] === 'M0+' ? 'cortex-m0plus' : (`cortex-${(m[1] as string).toLowerCase()}` as CoreFamily);
  return /Xtensa LX7/.test(text) ? 'xtensa-lx7' : /RXv2/.test(text) ? 'rxv2' : null;
}

/** The midpoint of the first "a-b" range of the power field, or null when it has none (n/a, unofficial). */
function powerOf(text: string): number | null {
  if (/^(n\/a|unofficial)/.test(text)) return null;
  const m = /(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)/.exec(text);
  return m ? (Number(m[1]) + Number(m[2])) / 2 : null;
}

test('catalog matches shared/reference/mcu/devices.csv row by row (clock, SRAM, flash, core, power)', (t) => {
  const text = readMcuReference('devices.csv');
  if (text === null) {
    t.skip(`${mcuReference('devices.csv')} is absent: the embedded catalog was not checked against the CSV`);
    return;
  }
  const { header, rows } = parseCsv(text, 'devices.csv');
  const col = (r: readonly string[], name: string): string => r[header.indexOf(name)] as string;
  assert.equal(rows.length, deviceCatalog.length);
  for (const r of rows) {
    const d = deviceCatalog.find((x) => x.name === col(r, 'device'));
    assert.ok(d, `no catalog entry named ${col(r, 'device')}`);
    assert.equal(d.core, coreOf(col(r, 'core')), d.id);
    assert.equal(d.clockHz, (leadingNumber(col(r, 'max_clock_mhz')) as number) * 1e6, d.id);
    assert.equal(d.sramBytes, Math.round((leadingNumber(col(r, 'sram_kb')) as number) * 1024), d.id);
    const flashKb = leadingNumber(col(r, 'flash_kb'));
    // The ESP32-S3 has no internal flash; the CSV gives no size and the catalog assumes an 8 MB module.
    if (flashKb === null) assert.equal(d.id, 'esp32s3');
    else assert.equal(d.flashBytes, flashKb * 1024, d.id);
    assert.equal(d.inferencePowerMw, powerOf(col(r, 'mlperf_measured_inference_power_mw')), d.id);
  }
});
