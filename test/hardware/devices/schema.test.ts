import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readDeviceFile } from '../../../src/hardware/devices/file.js';
import { findDevice } from '../../../src/hardware/devices/registry.js';
import { parseDevices } from '../../../src/hardware/devices/schema.js';
import { HardwareError } from '../../../src/hardware/errors.js';

const FIX = 'Fix the device file; its format is described in docs/hardware.md.';
const board = { id: 'my-board', core: 'cortex-m4', clockHz: 80e6, sramBytes: 131_072, flashBytes: 524_288 };

test('device file: a valid device gets defaults (name = id, power unknown) and is found next to the catalog', () => {
  const [d] = parseDevices({ devices: [board] }, 'my.json');
  assert.deepEqual(d, { ...board, name: 'my-board', inferencePowerMw: null, source: 'user device file my.json', notes: '' });
  assert.equal(findDevice('my-board', [d!]).sramBytes, 131_072);
});

test('device file: missing or negative SRAM, unknown core, wrong shape -> <where>: <what> must <rule>; got <value>. <fix>', () => {
  const { sramBytes: _, ...noSram } = board;
  assert.throws(() => parseDevices({ devices: [noSram] }, 'my.json'), { name: 'HardwareError', message: `my.json: devices.0.sramBytes must be a positive integer number of bytes; got undefined. ${FIX}` });
  assert.throws(() => parseDevices({ devices: [{ ...board, sramBytes: -5 }] }, 'my.json'), { message: `my.json: devices.0.sramBytes must be a positive integer number of bytes; got -5. ${FIX}` });
  assert.throws(() => parseDevices({ devices: [{ ...board, core: 'cortex-m3' }] }, 'my.json'), {
    message: `my.json: devices.0.core must be one of cortex-m0plus, cortex-m4, cortex-m7, cortex-m33, cortex-m55, cortex-m85, xtensa-lx7, rxv2, riscv32; got "cortex-m3". ${FIX}`,
  });
  assert.throws(() => parseDevices([board], 'my.json'), { message: `my.json: (root) must be an object {"devices": [...]}; got [${JSON.stringify(board)}]. ${FIX}` });
  assert.throws(() => parseDevices({ devices: [{ ...board, sram: 5 }] }, 'my.json'), /devices\.0 must only have the keys id, name, core/);
});

test('device file: duplicate ids and catalog ids are rejected with the fix', () => {
  assert.throws(() => parseDevices({ devices: [board, board] }, 'my.json'), { message: 'my.json: devices.1.id must be unique in the file; got "my-board" twice. Rename one of them.' });
  assert.throws(() => parseDevices({ devices: [{ ...board, id: 'stm32f746' }] }, 'my.json'), /devices\.0\.id must not be a catalog id; got "stm32f746"/);
});

test('device file on disk: unreadable path and invalid JSON give one clear line each', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tinyevo-devices-'));
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, '{"devices": [');
  assert.throws(() => readDeviceFile(bad), (e: Error) => e instanceof HardwareError && e.message.startsWith(`${bad}: device file must be valid JSON; got a parse error:`) && e.message.endsWith('Fix the syntax.'));
  assert.throws(() => readDeviceFile(join(dir, 'none.json')), { message: `${join(dir, 'none.json')}: device file must exist and be readable; got ENOENT. Check the --devices path.` });
});

test('unknown device id lists every known id and suggests near matches', () => {
  assert.throws(() => findDevice('stm32f74'), (e: Error) => e instanceof HardwareError
    && /^device: id must be one of stm32f746, stm32f412, stm32h743, stm32l4r5, nrf52840, .*, stm32u585; got "stm32f74"\. Did you mean stm32f746\?/.test(e.message));
});
