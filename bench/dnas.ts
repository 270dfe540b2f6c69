/**
 * DNAS under a 64 KiB SRAM limit on Fashion-MNIST (bundled MNIST when the Debian package is missing), MCUNet space at
 * 28x28x1: the same differentiable search run without and with the expected-cost penalties; the chosen networks'
 * real costs from the hardware models; each trained from scratch (same epochs) and tested; and, for the search time,
 * an evolutionary search (rea-dedup, 1-epoch fidelity) given the constrained DNAS run's wall-clock time at the same
 * limits. Usage: npm run bench:dnas (env: BENCH_WIDTH, BENCH_TRAIN, BENCH_DNAS_EPOCHS, BENCH_FINAL_EPOCHS)
 */
import { existsSync } from 'node:fs';
import { headOf, type Dataset } from '../src/data/dataset.js';
import { FASHION_MNIST_DIR, loadFashionMnist } from '../src/data/fashion-mnist.js';
import { loadBundledMnist } from '../src/data/mnist.js';
import { useBackend } from '../src/engine/backend.js';
import { TrainingEstimator } from '../src/estimate/training.js';
import { estimateCost, findDevice } from '../src/hardware/index.js';
import { Dnas } from '../src/search/differentiable/dnas.js';
import { deviceCostTerms } from '../src/search/differentiable/expected-cost.js';
import { strategyByName } from '../src/search/presets.js';
import { McunetSpace } from '../src/space/mcunet/index.js';
import { deviceCheck } from '../src/study/device-check.js';
import { runSearch } from '../src/study/runner.js';

const WIDTH = Number(process.env.BENCH_WIDTH ?? 0.35);
const TRAIN = Number(process.env.BENCH_TRAIN ?? 8000);
const EPOCHS = Number(process.env.BENCH_DNAS_EPOCHS ?? 3);
const FINAL = Number(process.env.BENCH_FINAL_EPOCHS ?? 3);
const SRAM = 64 * 1024;

const backend = await useBackend('auto');
const source = existsSync(FASHION_MNIST_DIR) ? loadFashionMnist() : loadBundledMnist();
const size = source.inputShape.reduce((p, d) => p * d, 1);
const data: Dataset = { ...source, train: headOf(source.train, size, TRAIN), validation: headOf(source.validation, size, 2000), test: headOf(source.test, size, 2000) };
const space = new McunetSpace({ resolution: 28, channels: 1, classes: data.numClasses, width: WIDTH });
const device = findDevice('stm32f746');
const measure = (g: Parameters<typeof estimateCost>[0]) => {
  const c = estimateCost(g, device);
  return { flashBytes: c.flashBytes, latencyMs: c.latencyMs, arenaBytes: c.memory.peakSramBytes - c.memory.persistentBytes, persistentBytes: c.memory.persistentBytes, sramBytes: c.peakSramBytes };
};
console.log(`${data.name}: ${data.train.n} train (half for weights, half for architecture steps), test ${data.test.n}; mcunet width ${WIDTH}, 28x28x1; ${device.id}, SRAM limit ${SRAM} B; backend ${backend}`);
const t0 = performance.now();
const terms = deviceCostTerms(space, measure);
console.log(`expected-cost terms measured in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const half = Math.floor(data.train.n / 2);
const weightsSplit = headOf(data.train, size, half);
const archSplit = { n: data.train.n - half, x: data.train.x.subarray(half * size), y: data.train.y.subarray(half) };
const scratch = new TrainingEstimator(data, { learningRate: 0.003, seed: 0 });
const fidelity = { epochs: FINAL, trainFraction: 1, batchSize: 64 };

console.log('\n| run | chosen (key) | SRAM B | flash B | latency ms | fits 64 KiB | search s | accuracy after training from scratch |\n|---|---|---|---|---|---|---|---|');
let constrainedSeconds = 0;
for (const strength of [0, 5]) {
  const dnas = new Dnas(space, terms, 0);
  const r = dnas.search(weightsSplit, archSplit, { epochs: EPOCHS, warmupEpochs: 1, batchSize: 64, trainFraction: 1, weightLearningRate: 0.003, archLearningRate: 0.05, strength, limits: { sramBytes: SRAM }, seed: 0 },
    { onStep: (s, n, h) => { if (s % 50 === 0) process.stderr.write(`strength ${strength}: step ${s}/${n}${h ? `, E[SRAM] ${h.sramBytes.toFixed(0)}` : ''}\n`); } });
  dnas.dispose();
  if (strength > 0) constrainedSeconds = r.seconds;
  const graph = space.decode(r.genome);
  const c = measure(graph);
  const trained = await scratch.estimate(graph, fidelity);
  const final = trained.accuracy;
  console.log(`| DNAS ${strength === 0 ? 'without' : `with (strength ${strength})`} cost terms | ${space.key(r.genome)} | ${c.sramBytes} | ${c.flashBytes} | ${c.latencyMs.toFixed(1)} | ${c.sramBytes <= SRAM ? 'yes' : 'no'} | ${r.seconds.toFixed(0)} | ${(final * 100).toFixed(2)} (validation, ${FINAL} epochs) |`);
}

// Evolution at the same limits, for the constrained DNAS run's wall-clock time, 1-epoch fidelity.
const evo = await runSearch({
  space, strategy: strategyByName('rea-dedup', space, 0, { init: 'random' }), estimator: scratch, fidelity: { epochs: 1, trainFraction: 1, batchSize: 64 },
  check: deviceCheck(device.id, { sramBytes: SRAM }, 'tflm-cmsis'), budgetSeconds: constrainedSeconds, maxEvaluations: 1000, maxRejections: 10_000, record: () => {},
});
const trainedEvo = evo.records.filter((x) => x.state === 'complete').length;
if (evo.best) {
  const c = measure(evo.best.graph);
  const final = (await scratch.estimate(evo.best.graph, fidelity)).accuracy;
  console.log(`| evolution (rea-dedup, 1-epoch fidelity), same ${constrainedSeconds.toFixed(0)} s | ${space.key(evo.best.genome as readonly number[])} | ${c.sramBytes} | ${c.flashBytes} | ${c.latencyMs.toFixed(1)} | ${c.sramBytes <= SRAM ? 'yes' : 'no'} | ${evo.seconds.toFixed(0)} (${trainedEvo} trained, ${evo.records.length - trainedEvo} others) | ${(final * 100).toFixed(2)} (validation, ${FINAL} epochs) |`);
} else {
  console.log(`| evolution, same ${constrainedSeconds.toFixed(0)} s | none trained in time (${evo.records.length} proposals) | | | | | | |`);
}
terms.dispose();
console.log(`\nwhole run: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
