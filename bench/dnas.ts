/**
 * DNAS under a 64 KiB SRAM limit, MCUNet space: the same differentiable search run without and with the
 * expected-cost penalties; the chosen networks' real costs from the hardware models; each trained from scratch (same
 * epochs) and tested; and, for the search time, an evolutionary search (rea-dedup, 1-epoch fidelity) given the
 * constrained DNAS run's wall-clock time at the same limits. Data: Fashion-MNIST at 28x28x1 (bundled MNIST when the
 * Debian package is missing), or with BENCH_DATASET=kws the synthetic keyword-spotting set (12 classes, 49x10 MFCC,
 * spoken here by espeak-ng; BENCH_PER_WORD clips per class). The DNAS mixed network, the from-scratch training and
 * the evolution's candidates run on the selected engine (native when built; BENCH_DNAS_ENGINE=tfjs keeps DNAS on
 * TF.js wasm); first, one DNAS epoch on 2,000 images is timed on both engines side by side.
 * Usage: npm run bench:dnas (env: BENCH_DATASET, BENCH_WIDTH, BENCH_TRAIN, BENCH_DNAS_EPOCHS, BENCH_FINAL_EPOCHS,
 * BENCH_STRENGTH, BENCH_PER_WORD, BENCH_DNAS_ENGINE)
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeKws } from '../src/data/audio/make-kws.js';
import { headOf, type Dataset } from '../src/data/dataset.js';
import { FASHION_MNIST_DIR, loadFashionMnist } from '../src/data/fashion-mnist.js';
import { loadBundledMnist } from '../src/data/mnist.js';
import { loadDataset } from '../src/data/registry.js';
import { useEngine } from '../src/engine/engine.js';
import { TrainingEstimator } from '../src/estimate/training.js';
import { estimateCost, findDevice } from '../src/hardware/index.js';
import { Dnas } from '../src/search/differentiable/dnas.js';
import { deviceCostTerms } from '../src/search/differentiable/expected-cost.js';
import { fitToLimits } from '../src/search/differentiable/fit-limits.js';
import { strategyByName } from '../src/search/presets.js';
import { McunetSpace } from '../src/space/mcunet/index.js';
import { deviceCheck } from '../src/study/device-check.js';
import { runSearch } from '../src/study/runner.js';

const DATASET = process.env.BENCH_DATASET ?? 'fashion';
if (DATASET !== 'fashion' && DATASET !== 'kws') throw new Error(`BENCH_DATASET must be fashion or kws; got '${DATASET}'`);
const WIDTH = Number(process.env.BENCH_WIDTH ?? 0.35);
const TRAIN = Number(process.env.BENCH_TRAIN ?? 8000);
const EPOCHS = Number(process.env.BENCH_DNAS_EPOCHS ?? 3);
const FINAL = Number(process.env.BENCH_FINAL_EPOCHS ?? 3);
const STRENGTH = Number(process.env.BENCH_STRENGTH ?? 5);
const SRAM = 64 * 1024;

const engine = await useEngine('auto');
function loadSource(): Dataset {
  if (DATASET === 'fashion') return existsSync(FASHION_MNIST_DIR) ? loadFashionMnist() : loadBundledMnist();
  const dir = join(mkdtempSync(join(tmpdir(), 'tinyevo-dnas-kws-')), 'data');
  process.stderr.write(`speaking the synthetic keyword-spotting set into ${dir}\n`);
  makeKws({ out: dir, perWord: Number(process.env.BENCH_PER_WORD ?? 150), seed: 1 });
  return loadDataset(`kws:${dir}`);
}
const source = loadSource();
const size = source.inputShape.reduce((p, d) => p * d, 1);
const data: Dataset = { ...source, train: headOf(source.train, size, Math.min(TRAIN, source.train.n)), validation: headOf(source.validation, size, Math.min(2000, source.validation.n)), test: headOf(source.test, size, Math.min(2000, source.test.n)) };
const [rows, cols, channels] = data.inputShape as [number, number, number];
const space = new McunetSpace({ resolution: rows, ...(cols !== rows && { columns: cols }), channels, classes: data.numClasses, width: WIDTH });
const device = findDevice('stm32f746');
const measure = (g: Parameters<typeof estimateCost>[0]) => {
  const c = estimateCost(g, device);
  return { flashBytes: c.flashBytes, latencyMs: c.latencyMs, arenaBytes: c.memory.peakSramBytes - c.memory.persistentBytes, persistentBytes: c.memory.persistentBytes, sramBytes: c.peakSramBytes };
};
const nativeDnas = engine.name === 'native' && process.env.BENCH_DNAS_ENGINE !== 'tfjs';
console.log(`${data.name}: ${data.train.n} train (half for weights, half for architecture steps), test ${data.test.n}; mcunet width ${WIDTH}, ${rows}x${cols}x${channels}; ${device.id}, SRAM limit ${SRAM} B; DNAS on ${nativeDnas ? 'the native engine' : 'TF.js wasm'}, training from scratch on ${engine.description}`);
const t0 = performance.now();
const terms = deviceCostTerms(space, measure);
console.log(`expected-cost terms measured in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const half = Math.floor(data.train.n / 2);
const weightsSplit = headOf(data.train, size, half);
const archSplit = { n: data.train.n - half, x: data.train.x.subarray(half * size), y: data.train.y.subarray(half) };
if (engine.name === 'native') {
  // One DNAS epoch (1,000 weight and 1,000 architecture samples, batch 64, costs penalised) on each engine.
  const small = { epochs: 1, warmupEpochs: 0, batchSize: 64, trainFraction: 1, weightLearningRate: 0.003, archLearningRate: 0.05, strength: STRENGTH, limits: { sramBytes: SRAM }, seed: 0 };
  const seconds = (native: boolean) => {
    const d = new Dnas(space, terms, 0);
    try {
      return d.search(headOf(weightsSplit, size, Math.min(1000, weightsSplit.n)), headOf(archSplit, size, Math.min(1000, archSplit.n)), { ...small, native }).seconds;
    } finally {
      d.dispose();
    }
  };
  const [tfjsS, nativeS] = [seconds(false), seconds(true)];
  console.log(`DNAS speed, one epoch of 1,000 + 1,000 samples: TF.js wasm ${tfjsS.toFixed(1)} s, native ${nativeS.toFixed(1)} s (${(tfjsS / nativeS).toFixed(1)}x)`);
}
const scratch = new TrainingEstimator(data, { learningRate: 0.003, seed: 0, createModel: engine.createModel });
/** Test accuracy of a network trained from scratch for FINAL epochs on the whole training subset. */
function trainAndTest(graph: Parameters<typeof estimateCost>[0]): number {
  const model = engine.createModel(graph, 0);
  try {
    model.fit({ train: data.train, numClasses: data.numClasses }, { epochs: FINAL, batchSize: 64, learningRate: 0.003, seed: 0 });
    return model.evaluate(data.test).accuracy;
  } finally {
    model.dispose();
  }
}

console.log('\n| run | chosen (key) | SRAM B | flash B | latency ms | fits 64 KiB | search s | test accuracy after training from scratch |\n|---|---|---|---|---|---|---|---|');
let constrainedSeconds = 0;
for (const strength of [0, STRENGTH]) {
  const dnas = new Dnas(space, terms, 0);
  const r = dnas.search(weightsSplit, archSplit, { epochs: EPOCHS, warmupEpochs: 1, batchSize: 64, trainFraction: 1, weightLearningRate: 0.003, archLearningRate: 0.05, strength, limits: { sramBytes: SRAM }, seed: 0, native: nativeDnas },
    { onStep: (s, n, h) => { if (s % 50 === 0) process.stderr.write(`strength ${strength}: step ${s}/${n}${h ? `, E[SRAM] ${h.sramBytes.toFixed(0)}` : ''}\n`); } });
  dnas.dispose();
  if (strength > 0) constrainedSeconds = r.seconds;
  const row = (label: string, genome: readonly number[]) => {
    const graph = space.decode(genome);
    const c = measure(graph);
    const final = trainAndTest(graph);
    console.log(`| ${label} | ${space.key(genome)} | ${c.sramBytes} | ${c.flashBytes} | ${c.latencyMs.toFixed(1)} | ${c.sramBytes <= SRAM ? 'yes' : 'no'} | ${r.seconds.toFixed(0)} | ${(final * 100).toFixed(2)} (test, ${FINAL} epochs) |`);
  };
  const label = `DNAS ${strength === 0 ? 'without' : `with (strength ${strength})`} cost terms`;
  row(`${label}, arg-max`, r.genome);
  if (strength === 0) continue;
  // What the search command does next: an arg-max network over a limit by its real cost is lowered to fit.
  const fitted = fitToLimits(space, r.genome, r.probs, measure, { sramBytes: SRAM });
  if (fitted.changes.length > 0) row(`${label}, fitted to the limit (${fitted.changes.map((x) => `${x.decision} ${x.from}->${x.to}`).join(', ')})`, fitted.genome);
}

// Evolution at the same limits, for the constrained DNAS run's wall-clock time, 1-epoch fidelity.
const evo = await runSearch({
  space, strategy: strategyByName('rea-dedup', space, 0, { init: 'random' }), estimator: scratch, fidelity: { epochs: 1, trainFraction: 1, batchSize: 64 },
  check: deviceCheck(device.id, { sramBytes: SRAM }, 'tflm-cmsis'), budgetSeconds: constrainedSeconds, maxEvaluations: 1000, maxRejections: 10_000, record: () => {},
});
const trainedEvo = evo.records.filter((x) => x.state === 'complete').length;
if (evo.best) {
  const c = measure(evo.best.graph);
  const final = trainAndTest(evo.best.graph);
  console.log(`| evolution (rea-dedup, 1-epoch fidelity), same ${constrainedSeconds.toFixed(0)} s | ${space.key(evo.best.genome as readonly number[])} | ${c.sramBytes} | ${c.flashBytes} | ${c.latencyMs.toFixed(1)} | ${c.sramBytes <= SRAM ? 'yes' : 'no'} | ${evo.seconds.toFixed(0)} (${trainedEvo} trained, ${evo.records.length - trainedEvo} others) | ${(final * 100).toFixed(2)} (test, ${FINAL} epochs) |`);
} else {
  console.log(`| evolution, same ${constrainedSeconds.toFixed(0)} s | none trained in time (${evo.records.length} proposals) | | | | | | |`);
}
terms.dispose();
console.log(`\nwhole run: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
