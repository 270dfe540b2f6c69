import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dsCnn, fcAutoencoder, resnet8 } from '../../../src/arch/zoo/index.js';
import { referenceModels } from '../../../src/hardware/calibrate/reference-models.js';
import { codeBytes } from '../../../src/hardware/flash/code-size.js';
import { containerCounts } from '../../../src/hardware/flash/container.js';
import { flashBreakdown } from '../../../src/hardware/flash/flash.js';
import { calibration } from '../../../src/hardware/latency/coefficients.js';
import { lowerGraph } from '../../../src/hardware/lowering/fuse.js';
import { runtimes } from '../../../src/hardware/runtime/profiles.js';

test('predicted .tflite sizes of the four MLPerf Tiny models are within 5 % of 53,936 / 333,288 / 98,496 / 276,976 B', () => {
  for (const m of referenceModels) {
    const f = flashBreakdown(lowerGraph(m.graph()), runtimes['tflm-cmsis'], calibration.container);
    const err = f.modelBytes / m.tfliteBytes - 1;
    assert.ok(Math.abs(err) < 0.05, `${m.benchmark}: ${f.modelBytes} B vs ${m.tfliteBytes} B (${(100 * err).toFixed(2)} %)`);
  }
});

test('ds-cnn container counts: 32 tensors, 11 ops, 22,016 + 2,352 B of constants, 18,704 B of quantisation', () => {
  const n = containerCounts(lowerGraph(dsCnn()));
  // Tensors: 12 activations + 10 weighted ops x (weights, bias). Weights: 640*4... = 22,016 (reference_models.md);
  // biases: (9 x 64 + 12) x 4 B = 2,352. Quantisation: 577 weight channels x 20 B (scale, zero point, min, max)
  // + 577 bias channels x 12 B + 12 activations x 20 B = 11,540 + 6,924 + 240 = 18,704.
  assert.deepEqual(n, { tensors: 32, ops: 11, weightBytes: 22_016, biasBytes: 2_352, quantBytes: 18_704 });
});

test('code size: conv and pointwise share one kernel; tinyevo-c stores C arrays with 8 B per channel', () => {
  // tflm-cmsis resnet8: core 24,000 + conv 9,000 (pointwise shared) + add 2,500 + pool 3,500 + dense 3,000 = 42,000.
  assert.equal(codeBytes(lowerGraph(resnet8()), runtimes['tflm-cmsis']), 42_000);
  // fc-autoencoder as C arrays: 264,192 + 6,688 + 10 dense x 1 channel x 8 B = 270,960; code (fitted on the
  // generated C's .text, docs/deploy.md) 20 fixed + 10 dense calls x 90 + the dense kernel 120 = 1,040.
  const f = flashBreakdown(lowerGraph(fcAutoencoder()), runtimes['tinyevo-c'], calibration.container);
  assert.deepEqual([f.modelBytes, f.codeBytes, f.totalBytes], [270_960, 1_040, 272_000]);
});
