import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GraphBuilder } from '../../src/arch/builder.js';
import { demoCnn } from '../../src/arch/zoo/demo-cnn.js';
import { loadBundledMnist } from '../../src/data/mnist.js';
import { useBackend } from '../../src/engine/backend.js';
import { TrainingEstimator } from '../../src/estimate/training.js';

await useBackend('wasm');

test('learning-curve early stopping ends a hopeless candidate after 3 epochs and predicts its final accuracy', async () => {
  const data = loadBundledMnist();
  const estimator = new TrainingEstimator(data, { learningRate: 0.003, seed: 1, earlyStopping: { minEpochs: 3, z: 1 } });
  const fidelity = { epochs: 6, trainFraction: 0.15, batchSize: 64 };
  const good = await estimator.estimate(demoCnn(), fidelity);
  assert.equal(good.curve.length, 6, 'the first candidate has no bar to miss and trains fully');
  assert.equal(good.stoppedAtEpoch, undefined);
  const b = new GraphBuilder([28, 28, 1]);
  const weak = b.build(b.dense(b.flatten(b.avgPool(b.input, { pool: 7, strides: 7 })), 10));
  const e = await estimator.estimate(weak, fidelity);
  assert.equal(e.stoppedAtEpoch, 3, `weak candidate curve ${e.curve.map((x) => x.toFixed(3)).join(', ')} vs best ${good.accuracy}`);
  assert.equal(e.curve.length, 3);
  assert.ok(e.accuracy < good.accuracy && e.accuracy >= (e.curve.at(-1) as number) - 1e-9, `predicted ${e.accuracy}`);
  assert.ok(e.seconds < good.seconds);
});
