/**
 * How well each cheaper estimator ranks architectures, against full training, on Fashion-MNIST (bundled MNIST when
 * the Debian package is missing): 30 architectures (15 chain, 15 block) that fit 64 KiB SRAM, 256 KiB flash and 1.5 M MACs on a
 * Cortex-M4 are trained "fully" (BENCH_FULL_EPOCHS epochs on BENCH_TRAIN training samples) and by each lower-fidelity
 * setting; Spearman and Kendall tau of each against full training, and its cost. Curve extrapolation predicts the
 * final accuracy from the full run's first 3 epochs. Then weight inheritance: children (one mutation) trained one
 * epoch from their parent's weights against one epoch from scratch. Usage: npm run bench:estimation
 */
import { existsSync } from 'node:fs';
import type { ArchGraph } from '../src/arch/types.js';
import { headOf, type Dataset } from '../src/data/dataset.js';
import { FASHION_MNIST_DIR, loadFashionMnist } from '../src/data/fashion-mnist.js';
import { loadBundledMnist } from '../src/data/mnist.js';
import { useBackend } from '../src/engine/backend.js';
import { extrapolateCurve } from '../src/estimate/curve-extrapolation.js';
import { kendallTau, spearman } from '../src/estimate/rank.js';
import { ReducedEstimator } from '../src/estimate/reduced.js';
import { TrainingEstimator } from '../src/estimate/training.js';
import type { Estimator, Fidelity } from '../src/estimate/types.js';
import { check, findDevice } from '../src/hardware/index.js';
import { spaceForData } from '../src/space/index.js';
import { Rng } from '../src/util/rng.js';

const FULL_EPOCHS = Number(process.env.BENCH_FULL_EPOCHS ?? 6);
const TRAIN = Number(process.env.BENCH_TRAIN ?? 12000);
const PER_SPACE = Number(process.env.BENCH_PER_SPACE ?? 15);

const backend = await useBackend('auto');
const source = existsSync(FASHION_MNIST_DIR) ? loadFashionMnist() : loadBundledMnist();
const size = source.inputShape.reduce((p, d) => p * d, 1);
const data: Dataset = { ...source, train: headOf(source.train, size, TRAIN), validation: headOf(source.validation, size, 3000) };
const device = findDevice('stm32f746');
const limits = { sramBytes: 64 * 1024, flashBytes: 256 * 1024, macs: 1_500_000 };

function sampleFeasible(spaceName: string, n: number, seed: number): { graph: ArchGraph; genome: unknown; space: ReturnType<typeof spaceForData> }[] {
  const space = spaceForData(spaceName, data.inputShape, data.numClasses);
  const rng = new Rng(seed);
  const out = [];
  for (let tries = 0; out.length < n && tries < 5000; tries++) {
    const genome = space.sample(rng);
    const graph = space.decode(genome);
    if (check(graph, device, limits).feasible && graph.nodes.length > 3) out.push({ graph, genome, space });
  }
  return out;
}

const archs = [...sampleFeasible('chain', PER_SPACE, 1), ...sampleFeasible('block', PER_SPACE, 2)];
console.log(`backend ${backend}; ${data.name}: ${data.train.n} train, ${data.validation.n} validation; ${archs.length} architectures (chain + block) fitting 64 KiB SRAM / 256 KiB flash / 1.5 M MACs on ${device.id}; full = ${FULL_EPOCHS} epochs`);

const opts = { learningRate: 0.003, seed: 1 };
const full: Fidelity = { epochs: FULL_EPOCHS, trainFraction: 1, batchSize: 64 };
const settings: [string, Estimator, Fidelity][] = [
  ['1 epoch', new TrainingEstimator(data, opts), { ...full, epochs: 1 }],
  ['2 epochs', new TrainingEstimator(data, opts), { ...full, epochs: 2 }],
  [`${FULL_EPOCHS} epochs, 25% data`, new TrainingEstimator(data, opts), { ...full, trainFraction: 0.25 }],
  [`2 epochs, width x0.5`, new ReducedEstimator(data, { widthMultiplier: 0.5, inputScale: 1 }, opts), { ...full, epochs: 2 }],
  [`2 epochs, inputs x0.5`, new ReducedEstimator(data, { widthMultiplier: 1, inputScale: 0.5 }, opts), { ...full, epochs: 2 }],
];

const fullAcc: number[] = [];
const fullCurves: number[][] = [];
let fullSeconds = 0;
const est = new TrainingEstimator(data, opts);
for (const [i, a] of archs.entries()) {
  const e = await est.estimate(a.graph, full);
  fullAcc.push(e.accuracy);
  fullCurves.push([...e.curve]);
  fullSeconds += e.seconds;
  process.stderr.write(`full ${i + 1}/${archs.length}: ${(e.accuracy * 100).toFixed(2)}% in ${e.seconds.toFixed(1)} s\n`);
}
console.log('| estimator | Spearman | Kendall tau | seconds (30 archs) | cost vs full |');
console.log('|---|---|---|---|---|');
console.log(`| full: ${FULL_EPOCHS} epochs | 1 | 1 | ${fullSeconds.toFixed(0)} | 1.00 |`);
const curvePred = fullCurves.map((c) => extrapolateCurve(c.slice(0, 3), FULL_EPOCHS).mean);
console.log(`| curve extrapolation from 3 epochs | ${spearman(curvePred, fullAcc).toFixed(3)} | ${kendallTau(curvePred, fullAcc).toFixed(3)} | ${(fullSeconds * 3 / FULL_EPOCHS).toFixed(0)} (est.) | ${(3 / FULL_EPOCHS).toFixed(2)} |`);
const last3 = fullCurves.map((c) => c[2] as number);
console.log(`| 3-epoch value as is (no extrapolation) | ${spearman(last3, fullAcc).toFixed(3)} | ${kendallTau(last3, fullAcc).toFixed(3)} | (same run) | ${(3 / FULL_EPOCHS).toFixed(2)} |`);
for (const [name, e, f] of settings) {
  const acc: number[] = [];
  let s = 0;
  for (const a of archs) { const r = await e.estimate(a.graph, f); acc.push(r.accuracy); s += r.seconds; }
  console.log(`| ${name} | ${spearman(acc, fullAcc).toFixed(3)} | ${kendallTau(acc, fullAcc).toFixed(3)} | ${s.toFixed(0)} | ${(s / fullSeconds).toFixed(2)} |`);
}

// Weight inheritance: a child (one mutation of a trained parent) trained 1 epoch from the parent's weights vs from scratch.
const rng = new Rng(9);
const one: Fidelity = { ...full, epochs: 1 };
const gains: number[] = [];
for (const a of archs.slice(0, 10).concat(archs.slice(PER_SPACE, PER_SPACE + 10))) {
  const parent = await est.estimate(a.graph, { ...full, epochs: 2 });
  const child = a.space.decode(a.space.mutate(a.genome as never, rng));
  const scratch = await est.estimate(child, one);
  const inherited = await est.estimate(child, one, undefined, parent.weights);
  gains.push(inherited.accuracy - scratch.accuracy);
}
const mean = gains.reduce((s, g) => s + g, 0) / gains.length;
console.log(`\nweight inheritance (1 epoch, ${gains.length} children of 2-epoch parents): mean accuracy gain over scratch ${(mean * 100).toFixed(2)} points; better in ${gains.filter((g) => g > 0).length}/${gains.length}`);
