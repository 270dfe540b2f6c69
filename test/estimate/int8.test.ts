import assert from 'node:assert/strict';
import { test } from 'node:test';
import { demoCnn } from '../../src/arch/zoo/demo-cnn.js';
import { loadBundledMnist } from '../../src/data/mnist.js';
import { useBackend } from '../../src/engine/backend.js';
import { Int8FitnessEstimator } from '../../src/estimate/int8.js';
import { liveTensors, TrainingEstimator } from '../../src/estimate/training.js';

await useBackend('wasm');

test('int8 fitness: a CNN trained on MNIST loses under 1 point when quantized, and no tensor leaks', async () => {
  const data = loadBundledMnist();
  const estimator = new Int8FitnessEstimator(new TrainingEstimator(data, { learningRate: 0.003, seed: 1 }), data, { calibrationSamples: 200, evaluationSamples: 600 });
  const before = liveTensors();
  const e = await estimator.estimate(demoCnn(), { epochs: 1, trainFraction: 0.5, batchSize: 64 });
  assert.equal(liveTensors(), before);
  assert.ok(e.floatAccuracy !== undefined && e.floatAccuracy > 0.9, `float accuracy ${e.floatAccuracy}`);
  // Float accuracy is on the whole validation split, int8 on its first 600 samples: compare like with like below.
  assert.ok(Math.abs(e.accuracy - e.floatAccuracy) < 0.02, `int8 ${e.accuracy} vs float ${e.floatAccuracy}`);
  assert.equal(estimator.name, 'training+int8');
});
