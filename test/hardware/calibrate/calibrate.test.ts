import assert from 'node:assert/strict';
import { test } from 'node:test';
import { calibrate } from '../../../src/hardware/calibrate/calibrate.js';
import { parseCsv } from '../../../src/hardware/calibrate/csv.js';
import { leaveOneBoardOut, summarise } from '../../../src/hardware/calibrate/lobo.js';
import { boardIdOf, coreFamilyOf, readMlperfCsv, stackFamilyOf } from '../../../src/hardware/calibrate/mlperf.js';
import { nnls, nnlsCapped } from '../../../src/hardware/calibrate/nnls.js';
import { referenceKernelSlowdown } from '../../../src/hardware/calibrate/reference-models.js';
import { calibration } from '../../../src/hardware/latency/coefficients.js';
import { mcuReference, readMcuReference } from '../helpers/shared.js';

test('nnls: exact fits, a clipped negative component, and a capped column', () => {
  // [1 1; 1 2; 1 3] x = [1 2 3] has the exact solution x = [0, 1].
  assert.deepEqual(nnls([[1, 1], [1, 2], [1, 3]], [1, 2, 3]).map((v) => Math.round(v * 1e9) / 1e9), [0, 1]);
  // Identity with b = [2, -3]: the second component is clipped to 0.
  assert.deepEqual(nnls([[1, 0], [0, 1]], [2, -3]), [2, 0]);
  // Identity with b = [2, 7] and x1 <= 5: x = [2, 5].
  assert.deepEqual(nnlsCapped([[1, 0], [0, 1]], [2, 7], 1, 5), [2, 5]);
});

test('csv: quoted fields with commas, doubled quotes and CRLF; a short row is an error naming its line', () => {
  const { header, rows } = parseCsv('a,b\r\n"x, y","say ""hi"""\r\n1,2\n', 't.csv');
  assert.deepEqual([header, rows], [['a', 'b'], [['x, y', 'say "hi"'], ['1', '2']]]);
  assert.throws(() => parseCsv('a,b\n1\n', 't.csv'), { message: 't.csv: row 2 must have 2 fields like the header; got 1. Check its quoting.' });
});

test('MLPerf fields map to core families, stack families and chip ids', () => {
  assert.deepEqual(['Cortex-M4F', 'Cortex-M0+', 'Renesas RH850 G3KH', 'RISC-V RV32IMAC+FPU'].map(coreFamilyOf), ['cortex-m4', 'cortex-m0plus', null, 'riscv32']);
  assert.deepEqual([
    'TFLM v2.3.1 + CMSIS-NN (make TAGS=cmsis-nn; mbed-os; GCC 6-2017-q2)', 'ONNC + CMSIS-NN (CMSIS_5; Zephyr)', 'X-CUBE-AI v10.2',
    'Plumerai Inference Engine 2023.05', 'TFLM + Gecko SDK (MVP accelerator kernels)', 'TFLM 2.3.1',
  ].map(stackFamilyOf), ['cmsis-nn-2020', 'cmsis-nn', 'x-cube-ai-9+', 'plumerai-2023', 'accelerator', 'tflm-ref']);
  assert.deepEqual(['NUCLEO-L4R5ZI-P', 'Nucleo-L4R5ZI', 'DISCO-F746NG', 'nRF5340 DK'].map(boardIdOf), ['stm32l4r5', 'stm32l4r5', 'stm32f746', 'nrf5340']);
});

test('tflm-ref slowdown = median of 10 H743 TFLM/CMSIS-NN ratios = (467/43 + 587/53) / 2', () => {
  assert.ok(Math.abs(referenceKernelSlowdown() - (467 / 43 + 587 / 53) / 2) < 1e-12);
});

test('a fresh calibration from mlperf_tiny_latency.csv reproduces the committed coefficients', (t) => {
  const text = readMcuReference('mlperf_tiny_latency.csv');
  if (text === null) {
    t.skip(`${mcuReference('mlperf_tiny_latency.csv')} is absent: the committed coefficients were not re-derived`);
    return;
  }
  const fresh = calibrate(text, 'mlperf_tiny_latency.csv');
  assert.deepEqual(JSON.parse(JSON.stringify(fresh)), JSON.parse(JSON.stringify(calibration)));
  // 268 rows: the 236 used plus 32 left out (accelerators, fp32/max-performance/min-RAM variants, unmodelled cores).
  assert.equal(fresh.rowsUsed + fresh.rowsExcluded, 268);
});

test('leave-one-board-out error of the CMSIS-NN cycle model stays at the documented level (M33 < 15 %, M4 < 25 % MAPE)', (t) => {
  const text = readMcuReference('mlperf_tiny_latency.csv');
  if (text === null) {
    t.skip(`${mcuReference('mlperf_tiny_latency.csv')} is absent: cross-validation not run`);
    return;
  }
  const held = leaveOneBoardOut(readMlperfCsv(text, 'mlperf_tiny_latency.csv').observations);
  const err = (core: string) => summarise(held.filter((h) => h.observation.core === core && h.observation.stack === 'cmsis-nn' && h.predictedMs !== null)
    .map((h) => [h.predictedMs as number, h.observation.latencyMs] as const));
  const m33 = err('cortex-m33');
  const m4 = err('cortex-m4');
  assert.deepEqual([m33.n, m4.n], [12, 22]);
  assert.ok(m33.mapePct < 15, `M33 ${m33.mapePct}`);
  assert.ok(m4.mapePct < 25, `M4 ${m4.mapePct}`);
});
