/**
 * Supernet quality on Fashion-MNIST (bundled MNIST when the Debian package is missing) with the MCUNet space at the
 * data's 28x28x1 resolution: a weight-sharing supernet is trained with the sandwich rule, then 30 sub-networks that
 * fit 64 KiB SRAM and the flash of an STM32F746 (1 MiB) are scored twice, by inherited accuracy (weights sliced from the
 * supernet, batch norm re-calibrated) and by stand-alone training from scratch (the same epochs for every network);
 * prints Kendall tau and Spearman between the two and the evaluation time per sub-network.
 * Usage: npm run bench:oneshot (env: BENCH_WIDTH, BENCH_TRAIN, BENCH_SUPERNET_EPOCHS, BENCH_STANDALONE_EPOCHS, BENCH_SUBNETS, BENCH_RANDOM_PER_STEP)
 */
import { existsSync } from 'node:fs';
import { headOf, type Dataset } from '../src/data/dataset.js';
import { FASHION_MNIST_DIR, loadFashionMnist } from '../src/data/fashion-mnist.js';
import { loadBundledMnist } from '../src/data/mnist.js';
import { useEngine } from '../src/engine/engine.js';
import { OneShotEstimator } from '../src/estimate/oneshot/estimator.js';
import { Supernet } from '../src/estimate/oneshot/supernet.js';
import { kendallTau, spearman } from '../src/estimate/rank.js';
import { TrainingEstimator } from '../src/estimate/training.js';
import { check, findDevice } from '../src/hardware/index.js';
import { McunetSpace } from '../src/space/mcunet/index.js';
import { Rng } from '../src/util/rng.js';

const WIDTH = Number(process.env.BENCH_WIDTH ?? 0.25);
const TRAIN = Number(process.env.BENCH_TRAIN ?? 8000);
const SUPERNET_EPOCHS = Number(process.env.BENCH_SUPERNET_EPOCHS ?? 3);
const STANDALONE_EPOCHS = Number(process.env.BENCH_STANDALONE_EPOCHS ?? 2);
const SUBNETS = Number(process.env.BENCH_SUBNETS ?? 30);
const RANDOM_PER_STEP = Number(process.env.BENCH_RANDOM_PER_STEP ?? 1);

const t00 = performance.now();
// Supernet and stand-alone reference train on the selected engine (native when built); scoring runs on TF.js.
const engine = await useEngine('auto');
const source = existsSync(FASHION_MNIST_DIR) ? loadFashionMnist() : loadBundledMnist();
const size = source.inputShape.reduce((p, d) => p * d, 1);
const data: Dataset = { ...source, train: headOf(source.train, size, TRAIN), validation: headOf(source.validation, size, 2000) };
const space = new McunetSpace({ resolution: data.inputShape[0] as number, channels: data.inputShape[2] as number, classes: data.numClasses, width: WIDTH });
const device = findDevice('stm32f746');
const limits = { sramBytes: 64 * 1024 };
console.log(`${data.name}: ${data.train.n} train, ${data.validation.n} validation; mcunet width ${WIDTH} at ${space.options.resolution}x${space.options.resolution}x${space.options.channels}; stand-alone training on ${engine.description}`);

const rng = new Rng(7);
const picked: { genome: readonly number[]; key: string }[] = [];
for (let tries = 0; picked.length < SUBNETS && tries < 5000; tries++) {
  const genome = space.sample(rng);
  const key = space.key(genome);
  if (picked.some((p) => p.key === key)) continue;
  if (!check(space.decode(genome), device, limits).feasible) continue;
  picked.push({ genome, key });
}

const supernet = new Supernet(space, 0);
const t0 = performance.now();
const trained = supernet.train(data.train, { epochs: SUPERNET_EPOCHS, trainFraction: 1, batchSize: 64, learningRate: 0.003, randomPerStep: RANDOM_PER_STEP, seed: 0, native: engine.name === 'native' }, {
  onStep: (s, n, loss) => { if (s % 50 === 0 || s === n) process.stderr.write(`supernet step ${s}/${n}, loss ${loss.toFixed(3)}, ${((performance.now() - t0) / 1000).toFixed(0)} s\n`); },
});
console.log(`supernet: ${supernet.parameterCount()} weights, ${trained.steps} steps (${SUPERNET_EPOCHS} epochs, largest + smallest + ${RANDOM_PER_STEP} random per step, ${engine.name === 'native' ? 'native engine' : 'TF.js'}) in ${trained.seconds.toFixed(0)} s`);

const oneShot = new OneShotEstimator(supernet as never, data, { calibrationBatches: 4, calibrationBatchSize: 64, validationSamples: 1000, seed: 0 });
const standalone = new TrainingEstimator(data, { learningRate: 0.003, seed: 0, createModel: engine.createModel });
const fidelity = { epochs: STANDALONE_EPOCHS, trainFraction: 1, batchSize: 64 };
const inherited: number[] = [];
const scratch: number[] = [];
const evalSeconds: number[] = [];
const trainSeconds: number[] = [];
console.log('| # | key | SRAM B | inherited acc | stand-alone acc |\n|---|---|---|---|---|');
for (const [i, p] of picked.entries()) {
  const graph = space.decode(p.genome);
  const a = await oneShot.estimate(graph, fidelity);
  const b = await standalone.estimate(graph, fidelity);
  inherited.push(a.accuracy);
  scratch.push(b.accuracy);
  evalSeconds.push(a.seconds);
  trainSeconds.push(b.seconds);
  const sram = check(graph, device, limits).checks.find((l) => l.name === 'sram')?.value ?? 0;
  console.log(`| ${i + 1} | ${p.key} | ${Math.round(sram)} | ${(a.accuracy * 100).toFixed(2)} | ${(b.accuracy * 100).toFixed(2)} |`);
}
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
console.log(`\nKendall tau ${kendallTau(inherited, scratch).toFixed(3)}, Spearman ${spearman(inherited, scratch).toFixed(3)} over ${picked.length} sub-networks`);
console.log(`one-shot evaluation: mean ${mean(evalSeconds).toFixed(2)} s per sub-network (BN re-calibration on 4x64 training samples + 1,000 validation samples); stand-alone training (${STANDALONE_EPOCHS} epochs on ${data.train.n}): mean ${mean(trainSeconds).toFixed(1)} s`);
console.log(`whole run: ${((performance.now() - t00) / 1000).toFixed(0)} s`);
supernet.dispose();
