/**
 * Supernet quality on Fashion-MNIST (bundled MNIST when the Debian package is missing) with the MCUNet space at the
 * data's 28x28x1 resolution: a weight-sharing supernet is trained with the sandwich rule, then 30 sub-networks (by default ones that
 * fit 64 KiB SRAM on an STM32F746) are scored twice, by inherited accuracy (weights sliced from the supernet, batch
 * norm re-calibrated) and by stand-alone training from scratch (the same epochs for every network, averaged over
 * BENCH_REFERENCE_SEEDS seeds); prints Kendall tau and Spearman between the two, the reference's own repeatability
 * (tau between its first two seeds: no estimator can be checked more finely than that), the tau of two zero-cost
 * proxies (MACs, weights) for comparison, and the evaluation time per sub-network.
 * Sub-networks are drawn uniformly from the feasible space (BENCH_PICK=uniform) or spread over its range of MACs
 * (BENCH_PICK=spread: 30 evenly spaced quantiles of the MACs of 600 feasible samples; spread-all: of 600 samples
 * of the whole space, feasible or not), or along a ladder from the smallest network to the largest
 * (BENCH_PICK=ladder: network i of n draws every decision from a normal around the fraction i/(n-1) of its choices,
 * so the 30 span the whole space's range of depth, kernel and expansion, which random samples, clustered in the
 * middle, never reach).
 * Usage: npm run bench:oneshot. Environment: BENCH_WIDTH, BENCH_TRAIN, BENCH_SUPERNET_EPOCHS,
 * BENCH_STANDALONE_EPOCHS, BENCH_SUBNETS, BENCH_RANDOM_PER_STEP, BENCH_REFERENCE_SEEDS, BENCH_VALIDATION, BENCH_PICK;
 * BENCH_DISTILL=1 for in-place distillation in the supernet; BENCH_CALIBRATION_BATCHES (batch-norm re-calibration
 * batches of 64, default 4); BENCH_REFERENCE_CACHE=FILE keeps the stand-alone accuracies in a JSON file and reuses
 * them, so a second supernet setting is compared against the same reference without retraining it; BENCH_SCORE=tfjs
 * scores sub-networks on TF.js instead of the native engine; BENCH_PICK_SEED (default 7) and BENCH_SUPERNET_SEED
 * (default 0) seed the choice of sub-networks and the supernet.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { headOf, type Dataset } from '../src/data/dataset.js';
import { FASHION_MNIST_DIR, loadFashionMnist } from '../src/data/fashion-mnist.js';
import { loadBundledMnist } from '../src/data/mnist.js';
import { useEngine } from '../src/engine/engine.js';
import { OneShotEstimator } from '../src/estimate/oneshot/estimator.js';
import { Supernet } from '../src/estimate/oneshot/supernet.js';
import { kendallTau, spearman } from '../src/estimate/rank.js';
import { TrainingEstimator } from '../src/estimate/training.js';
import { check, estimateCost, findDevice } from '../src/hardware/index.js';
import { McunetSpace } from '../src/space/mcunet/index.js';
import { Rng } from '../src/util/rng.js';

const WIDTH = Number(process.env.BENCH_WIDTH ?? 0.25);
const TRAIN = Number(process.env.BENCH_TRAIN ?? 8000);
const SUPERNET_EPOCHS = Number(process.env.BENCH_SUPERNET_EPOCHS ?? 10);
const STANDALONE_EPOCHS = Number(process.env.BENCH_STANDALONE_EPOCHS ?? 8);
const SUBNETS = Number(process.env.BENCH_SUBNETS ?? 30);
const RANDOM_PER_STEP = Number(process.env.BENCH_RANDOM_PER_STEP ?? 2);
const SEEDS = Math.max(1, Number(process.env.BENCH_REFERENCE_SEEDS ?? 2));
const VALIDATION = Number(process.env.BENCH_VALIDATION ?? 2000);
const PICK = process.env.BENCH_PICK ?? 'uniform';
const DISTILL = process.env.BENCH_DISTILL === '1';
const CACHE = process.env.BENCH_REFERENCE_CACHE;
const PICK_SEED = Number(process.env.BENCH_PICK_SEED ?? 7);
const SUPERNET_SEED = Number(process.env.BENCH_SUPERNET_SEED ?? 0);
const CALIBRATION_BATCHES = Number(process.env.BENCH_CALIBRATION_BATCHES ?? 4);
if (PICK !== 'uniform' && PICK !== 'spread' && PICK !== 'spread-all' && PICK !== 'ladder') throw new Error(`BENCH_PICK must be uniform, spread, spread-all or ladder; got '${PICK}'`);

const t00 = performance.now();
// Supernet, stand-alone reference and one-shot scoring run on the selected engine (native when built; BENCH_SCORE=tfjs
// scores on TF.js instead).
const engine = await useEngine('auto');
const source = existsSync(FASHION_MNIST_DIR) ? loadFashionMnist() : loadBundledMnist();
const size = source.inputShape.reduce((p, d) => p * d, 1);
const data: Dataset = { ...source, train: headOf(source.train, size, TRAIN), validation: headOf(source.validation, size, VALIDATION) };
const space = new McunetSpace({ resolution: data.inputShape[0] as number, channels: data.inputShape[2] as number, classes: data.numClasses, width: WIDTH });
const device = findDevice('stm32f746');
const limits = { sramBytes: 64 * 1024 };
console.log(`${data.name}: ${data.train.n} train, ${data.validation.n} validation; mcunet width ${WIDTH} at ${space.options.resolution}x${space.options.resolution}x${space.options.channels}; ${PICK} pick; stand-alone training on ${engine.description}, ${SEEDS} seed(s)`);

/**
 * Distinct sub-networks: the first SUBNETS feasible uniform samples, or SUBNETS evenly spaced MACs quantiles of 600
 * samples, feasible ones (spread) or from the whole space (spread-all).
 */
function pickSubnets(): { genome: readonly number[]; key: string; macs: number; weights: number }[] {
  const rng = new Rng(PICK_SEED);
  const pool: { genome: readonly number[]; key: string; macs: number; weights: number }[] = [];
  if (PICK === 'ladder') {
    for (let i = 0; pool.length < SUBNETS && i < 100 * SUBNETS; i++) {
      const t = (pool.length / Math.max(1, SUBNETS - 1));
      const genome = space.decisions.map((d) => Math.min(d.choices.length - 1, Math.max(0, Math.round(t * (d.choices.length - 1) + 0.6 * rng.normal()))));
      const key = space.key(genome);
      if (pool.some((p) => p.key === key)) continue;
      const c = estimateCost(space.decode(genome), device);
      pool.push({ genome, key, macs: c.macs, weights: c.deployedParams });
    }
    return pool;
  }
  const want = PICK === 'uniform' ? SUBNETS : 600;
  for (let tries = 0; pool.length < want && tries < 20_000; tries++) {
    const genome = space.sample(rng);
    const key = space.key(genome);
    if (pool.some((p) => p.key === key)) continue;
    const graph = space.decode(genome);
    if (PICK !== 'spread-all' && !check(graph, device, limits).feasible) continue;
    const c = estimateCost(graph, device);
    pool.push({ genome, key, macs: c.macs, weights: c.deployedParams });
  }
  if (PICK === 'uniform') return pool;
  const sorted = [...pool].sort((a, b) => a.macs - b.macs);
  return Array.from({ length: SUBNETS }, (_, i) => sorted[Math.round((i * (sorted.length - 1)) / (SUBNETS - 1))] as (typeof pool)[number]);
}
const picked = pickSubnets();

const supernet = new Supernet(space, SUPERNET_SEED);
const t0 = performance.now();
const trained = supernet.train(data.train, { epochs: SUPERNET_EPOCHS, trainFraction: 1, batchSize: 64, learningRate: 0.003, randomPerStep: RANDOM_PER_STEP, distill: DISTILL, seed: SUPERNET_SEED, native: engine.name === 'native' }, {
  onStep: (s, n, loss) => { if (s % 50 === 0 || s === n) process.stderr.write(`supernet step ${s}/${n}, loss ${loss.toFixed(3)}, ${((performance.now() - t0) / 1000).toFixed(0)} s\n`); },
});
console.log(`supernet: ${supernet.parameterCount()} weights, ${trained.steps} steps (${SUPERNET_EPOCHS} epochs, largest + smallest + ${RANDOM_PER_STEP} random per step${DISTILL ? ', in-place distillation' : ''}, ${engine.name === 'native' ? 'native engine' : 'TF.js'}) in ${trained.seconds.toFixed(0)} s`);

const oneShot = new OneShotEstimator(supernet as never, data, { calibrationBatches: CALIBRATION_BATCHES, calibrationBatchSize: 64, validationSamples: VALIDATION, seed: 0, native: engine.name === 'native' && process.env.BENCH_SCORE !== 'tfjs' });
const references = Array.from({ length: SEEDS }, (_, seed) => new TrainingEstimator(data, { learningRate: 0.003, seed, createModel: engine.createModel }));
const fidelity = { epochs: STANDALONE_EPOCHS, trainFraction: 1, batchSize: 64 };
// Stand-alone accuracies already measured (BENCH_REFERENCE_CACHE), so a second supernet setting reuses the reference.
const cache = new Map<string, number>(CACHE && existsSync(CACHE) ? Object.entries(JSON.parse(readFileSync(CACHE, 'utf8')) as Record<string, number>) : []);
const inherited: number[] = [];
const perSeed: number[][] = references.map(() => []);
const scratch: number[] = [];
const evalSeconds: number[] = [];
const trainSeconds: number[] = [];
const seedColumns = references.map((_, s) => `seed ${s}`).join(' | ');
console.log(`| # | key | MACs | SRAM B | inherited acc | stand-alone acc (mean) | ${seedColumns} |\n|---|---|---|---|---|---|${references.map(() => '---|').join('')}`);
for (const [i, p] of picked.entries()) {
  const graph = space.decode(p.genome);
  const a = await oneShot.estimate(graph, fidelity);
  inherited.push(a.accuracy);
  evalSeconds.push(a.seconds);
  const accs: number[] = [];
  for (const [s, reference] of references.entries()) {
    const cacheKey = `${space.name} w${WIDTH} ${p.key} seed ${s} ${STANDALONE_EPOCHS} ep ${data.train.n}/${data.validation.n}`;
    let accuracy = cache.get(cacheKey);
    if (accuracy === undefined) {
      const b = await reference.estimate(graph, fidelity);
      accuracy = b.accuracy;
      trainSeconds.push(b.seconds);
      cache.set(cacheKey, accuracy);
      if (CACHE) writeFileSync(CACHE, JSON.stringify(Object.fromEntries(cache), null, 1));
    }
    accs.push(accuracy);
    (perSeed[s] as number[]).push(accuracy);
  }
  scratch.push(accs.reduce((x, y) => x + y, 0) / accs.length);
  const sram = check(graph, device, limits).checks.find((l) => l.name === 'sram')?.value ?? 0;
  console.log(`| ${i + 1} | ${p.key} | ${p.macs} | ${Math.round(sram)} | ${(a.accuracy * 100).toFixed(2)} | ${((scratch[i] as number) * 100).toFixed(2)} | ${accs.map((x) => (x * 100).toFixed(2)).join(' | ')} |`);
}
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const range = (xs: number[]) => `${(Math.min(...xs) * 100).toFixed(1)}-${(Math.max(...xs) * 100).toFixed(1)} %`;
console.log(`\nKendall tau ${kendallTau(inherited, scratch).toFixed(3)}, Spearman ${spearman(inherited, scratch).toFixed(3)} over ${picked.length} sub-networks (inherited ${range(inherited)}, stand-alone ${range(scratch)})`);
if (SEEDS >= 2) console.log(`reference repeatability: Kendall tau ${kendallTau(perSeed[0] as number[], perSeed[1] as number[]).toFixed(3)} between stand-alone seeds 0 and 1; inherited vs seed 0 alone: ${kendallTau(inherited, perSeed[0] as number[]).toFixed(3)}`);
console.log(`zero-cost proxies against the reference: MACs tau ${kendallTau(picked.map((p) => p.macs), scratch).toFixed(3)}, weights tau ${kendallTau(picked.map((p) => p.weights), scratch).toFixed(3)}`);
console.log(`one-shot evaluation: mean ${mean(evalSeconds).toFixed(2)} s per sub-network (BN re-calibration on ${CALIBRATION_BATCHES}x64 training samples + ${data.validation.n} validation samples); stand-alone training (${STANDALONE_EPOCHS} epochs on ${data.train.n}): ${trainSeconds.length > 0 ? `mean ${mean(trainSeconds).toFixed(1)} s per seed` : 'all from the cache'}`);
console.log(`whole run: ${((performance.now() - t00) / 1000).toFixed(0)} s`);
supernet.dispose();
