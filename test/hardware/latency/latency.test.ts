import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GraphBuilder } from '../../../src/arch/builder.js';
import { deviceCatalog } from '../../../src/hardware/devices/catalog.js';
import type { Device } from '../../../src/hardware/devices/types.js';
import { HardwareError } from '../../../src/hardware/errors.js';
import { calibration } from '../../../src/hardware/latency/coefficients.js';
import { estimateLatency } from '../../../src/hardware/latency/model.js';
import { resolveCoefficients } from '../../../src/hardware/latency/resolve.js';
import type { Calibration } from '../../../src/hardware/latency/types.js';
import { lowerGraph } from '../../../src/hardware/lowering/fuse.js';
import { runtimes } from '../../../src/hardware/runtime/profiles.js';

const group = (core: 'cortex-m4' | 'cortex-m85', mac: number, out: number, dense: number, op: number) => ({
  core, stack: 'cmsis-nn', coefficients: { cyclesPerMac: mac, cyclesPerOutput: out, cyclesPerDenseMac: dense, cyclesPerOp: op }, rows: 4, boards: ['x'], inSampleMapePct: 0,
});
const cal: Calibration = {
  source: 'test', rowsUsed: 8, rowsExcluded: 0, refSlowdown: 10, perOpCapCycles: 5000,
  groups: [group('cortex-m4', 2, 10, 3, 100), group('cortex-m85', 0.5, 5, 1, 50)],
  coreFactors: [{ core: 'cortex-m4', factor: 1, basis: 'reference', pairs: 0 }, { core: 'cortex-m7', factor: 0.5, basis: 'exact-stack', pairs: 3 }, { core: 'cortex-m85', factor: 0.25, basis: 'stack-family', pairs: 4 }],
  container: { perTensorBytes: 0, perOpBytes: 0, fixedBytes: 0 },
};
const device = (core: Device['core']): Device => ({ id: 'd', name: 'd', core, clockHz: 100e6, sramBytes: 1 << 20, flashBytes: 1 << 20, inferencePowerMw: 50, source: '', notes: '' });

function tiny() {
  const b = new GraphBuilder([4, 4, 2]);
  const x = b.convBnAct(b.input, { filters: 4, kernel: 3, id: 'c' });
  b.dense(b.globalAvgPool(x, 'g'), 3, { id: 'fc' });
  return lowerGraph(b.build());
}

test('cycles = coefficients . features per op: conv 3,044 + pool 268 + dense 166 = 3,478 cycles = 34.78 us at 100 MHz', () => {
  // conv 3x3 same, 2 -> 4 channels on 4x4: 4*4*4*3*3*2 = 1,152 MACs, 64 outputs: 2*1152 + 10*64 + 100 = 3,044.
  // global pool reads 64 values, 4 outputs: 2*64 + 10*4 + 100 = 268. dense 4 -> 3: 10*3 + 3*12 + 100 = 166.
  const e = estimateLatency(tiny(), device('cortex-m4'), runtimes['tflm-cmsis'], cal);
  assert.deepEqual(e.perOp.map((o) => o.cycles), [3044, 268, 166]);
  assert.equal(e.cycles, 3478);
  assert.ok(Math.abs(e.latencyMs - 0.03478) < 1e-12);
  // Energy: 0.03478 ms x 50 mW = 1.739 uJ.
  assert.ok(Math.abs(e.energyUj - 1.739) < 1e-9);
  assert.deepEqual([e.model.basis, e.powerBasis], ['fitted', 'measured']);
});

test('resolution: transferred by the core factor, derived for reference kernels, borrowed for the M55, else an error', () => {
  const g = tiny();
  const m7 = estimateLatency(g, device('cortex-m7'), runtimes['tflm-cmsis'], cal);
  assert.deepEqual([m7.model.basis, m7.cycles], ['transferred', 3478 * 0.5]);
  // tflm-ref = kernel terms x 10, per-op term kept: conv 23,040 + 6,400 + 100; pool 1,280 + 400 + 100; dense 300 + 360 + 100.
  const ref = estimateLatency(g, device('cortex-m4'), runtimes['tflm-ref'], cal);
  assert.deepEqual([ref.model.basis, ref.cycles], ['derived', 29_540 + 1_780 + 760]);
  // The M55 borrows the M85 fit: conv 576 + 320 + 50; pool 32 + 20 + 50; dense 15 + 12 + 50 = 1,125.
  const m55 = estimateLatency(g, device('cortex-m55'), runtimes['tinyevo-c'], cal);
  assert.deepEqual([m55.model.basis, m55.cycles], ['borrowed', 1125]);
  assert.throws(() => resolveCoefficients(cal, 'rxv2', 'cmsis-nn'), (e: Error) => e instanceof HardwareError && /core 'rxv2' with stack 'cmsis-nn' must have a fitted, transferable or borrowable cycle model/.test(e.message));
});

test('committed calibration: every catalog device has a cycle model for every runtime, with the expected basis', () => {
  for (const d of deviceCatalog) for (const r of Object.values(runtimes)) assert.ok(resolveCoefficients(calibration, d.core, r.cycleStack).coefficients.cyclesPerMac > 0, `${d.id} ${r.id}`);
  const basis = (core: Device['core'], stack: string) => resolveCoefficients(calibration, core, stack).basis;
  assert.deepEqual([basis('cortex-m4', 'cmsis-nn'), basis('cortex-m33', 'cmsis-nn'), basis('cortex-m7', 'cmsis-nn'), basis('cortex-m7', 'tflm-ref'), basis('xtensa-lx7', 'cmsis-nn')],
    ['fitted', 'fitted', 'transferred', 'derived', 'borrowed']);
});
