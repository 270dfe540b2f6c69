/**
 * Post-training int8 quantization against float, on MNIST (bundled) and Fashion-MNIST (Debian's IDX files): each
 * model is trained in float with the selected engine (native oneDNN when built, else TF.js), quantized with each
 * calibration method, and the same test samples are scored in float and in int8 (the integer reference
 * interpreter); quantization and QAT run on TF.js. The MCUNet-space MobileNetV2-style network (depthwise convolutions,
 * ReLU6, residual adds) is the case where per-tensor PTQ loses most. Usage: npm run bench:quantize
 * Environment: BENCH_EPOCHS (default 3), BENCH_TEST (test samples, default 2000), BENCH_MODELS (comma list of model
 * names, default all), BENCH_DATASETS (comma list of mnist, fashion-mnist, kws; default mnist and fashion-mnist),
 * BENCH_KWS_PER_WORD (clips per class of the synthetic keyword-spotting set, built with espeak-ng and sox; default
 * 200), BENCH_WIDTH (the MCUNet network's width multiplier, default 0.35). The KWS features are raw MFCCs (no
 * normalisation), whose coefficients span very different ranges: one int8 scale for the whole input tensor is the
 * classic place where PTQ loses accuracy on keyword spotting. BENCH_QAT (comma list of per-tensor, percentile; default
 * per-tensor) picks the quantizers under which QAT is compared with PTQ; BENCH_SEED (default 1) seeds float training.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeKws } from '../src/data/audio/make-kws.js';
import { loadDataset } from '../src/data/registry.js';
import { demoCnn } from '../src/arch/zoo/demo-cnn.js';
import { dsCnn } from '../src/arch/zoo/ds-cnn.js';
import type { ArchGraph } from '../src/arch/types.js';
import { headOf, type Dataset } from '../src/data/dataset.js';
import { FASHION_MNIST_DIR, loadFashionMnist } from '../src/data/fashion-mnist.js';
import { loadBundledMnist } from '../src/data/mnist.js';
import { useEngine, type TrainableModel } from '../src/engine/engine.js';
import { int8Accuracy } from '../src/quantize/evaluate.js';
import { quantizeGraph, type PtqOptions } from '../src/quantize/ptq.js';
import type { CalibrationMethod } from '../src/quantize/calibrate.js';
import { quantizationAwareTraining } from '../src/quantize/qat.js';
import { McunetSpace } from '../src/space/mcunet/index.js';
import { Rng } from '../src/util/rng.js';
import type { WeightTensor } from '../src/engine/weights.js';
import type { Split } from '../src/data/dataset.js';

const epochs = Number(process.env.BENCH_EPOCHS ?? 3);
const testN = Number(process.env.BENCH_TEST ?? 2000);
const trainSeed = Number(process.env.BENCH_SEED ?? 1);

const models: Record<string, (d: Dataset) => ArchGraph> = {
  'demo-cnn': (d) => demoCnn({ classes: d.numClasses }),
  'ds-cnn-28': (d) => dsCnn({ filters: 32, classes: d.numClasses, inputShape: d.inputShape as [number, number, number] }),
  'ds-cnn': (d) => dsCnn({ classes: d.numClasses, inputShape: d.inputShape as [number, number, number] }),
  'mcunet-mbv2-28': (d) => {
    const space = new McunetSpace({ width: Number(process.env.BENCH_WIDTH ?? 0.35), resolution: 28, channels: 1, classes: d.numClasses });
    return space.decode(space.initial('rich', new Rng(1)));
  },
};
const datasets: Record<string, () => Dataset | undefined> = {
  mnist: loadBundledMnist,
  'fashion-mnist': () => {
    if (existsSync(FASHION_MNIST_DIR)) return loadFashionMnist();
    console.log(`(Fashion-MNIST skipped: ${FASHION_MNIST_DIR} missing; apt-get install dataset-fashion-mnist)`);
    return undefined;
  },
  kws: () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'tinyevo-quantize-kws-')), 'data');
    const perWord = Number(process.env.BENCH_KWS_PER_WORD ?? 200);
    console.error(`building the synthetic KWS set (${perWord} clips per class) in ${dir}`);
    makeKws({ out: dir, perWord, seed: 1 });
    return loadDataset(`kws:${dir}`);
  },
};
const defaultDatasets = ['mnist', 'fashion-mnist'];

/** The names an env variable selects (a comma list), all of `known` when unset; an unknown name is an error. */
function selected(variable: string, known: readonly string[], defaults: readonly string[] = known): string[] {
  const raw = process.env[variable];
  if (raw === undefined || raw.trim() === '') return [...defaults];
  const names = raw.split(',').map((n) => n.trim()).filter((n) => n !== '');
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) throw new Error(`${variable}: unknown ${unknown.join(', ')}; choose from ${known.join(', ')}`);
  return names;
}

const modelNames = selected('BENCH_MODELS', Object.keys(models));
const datasetNames = selected('BENCH_DATASETS', Object.keys(datasets), defaultDatasets);
const engine = await useEngine('auto', { onFallback: (message) => console.error(`(${message})`) });

/** Runs `use` on an engine model of `graph` (seeded from `seed`, then holding `weights` when given) and frees it. */
function withModel<T>(graph: ArchGraph, seed: number, weights: readonly WeightTensor[] | undefined, use: (m: TrainableModel) => T): T {
  const m = engine.createModel(graph, seed);
  try {
    if (weights) m.setWeights(weights);
    return use(m);
  } finally {
    m.dispose();
  }
}

/** One more epoch of float training at the QAT learning rate (the fair baseline for QAT's extra epoch). */
function fineTune(data: Dataset, graph: ArchGraph, weights: readonly WeightTensor[]): WeightTensor[] {
  return withModel(graph, 2, weights, (m) => {
    m.fit({ train: data.train, numClasses: data.numClasses }, { epochs: 1, batchSize: 64, learningRate: 0.0005, seed: 2 });
    return m.getWeights();
  });
}

function floatAccuracy(graph: ArchGraph, weights: readonly WeightTensor[], test: Split): number {
  return withModel(graph, 0, weights, (m) => m.evaluate(test).accuracy);
}

/** A PTQ setting that QAT is compared under: its label and the options both PTQ and QAT use. */
interface QatSetting {
  readonly label: string;
  readonly ptq: PtqOptions;
  /** Whether its plain PTQ row is new (percentile PTQ is already among the calibration rows). */
  readonly ptqRow: boolean;
}
const qatSettings: Record<string, QatSetting> = {
  'per-tensor': { label: 'per-tensor', ptq: { perChannel: false }, ptqRow: true },
  percentile: { label: 'percentile', ptq: { calibration: { method: 'percentile' } }, ptqRow: false },
};
const qatSettingNames = selected('BENCH_QAT', Object.keys(qatSettings), ['per-tensor']);

/**
 * Where PTQ loses more (per-tensor weights, or percentile clipping of activations): PTQ, PTQ after one more float
 * epoch (the fair baseline for QAT's extra epoch), and one epoch of QAT with the same quantizer.
 */
function qatRows(data: Dataset, name: string, graph: ArchGraph, weights: readonly WeightTensor[], test: Split, float: number, setting: QatSetting): void {
  const size = data.inputShape.reduce((p, d) => p * d, 1);
  const calib = data.train.x.subarray(0, 500 * size);
  const line = (label: string, f: number, q: number, s: number) => console.log(`| ${data.name} | ${name} | ${epochs} | ${label} | ${(f * 100).toFixed(2)} | ${(q * 100).toFixed(2)} | ${((q - f) * 100).toFixed(2)} | | ${s.toFixed(1)} |`);
  let t = performance.now();
  if (setting.ptqRow) line(`${setting.label} PTQ`, float, int8Accuracy(quantizeGraph(graph, weights, calib, setting.ptq).model, test), (performance.now() - t) / 1000);
  t = performance.now();
  const tuned = fineTune(data, graph, weights);
  line(`+1 float epoch, ${setting.label} PTQ`, floatAccuracy(graph, tuned, test), int8Accuracy(quantizeGraph(graph, tuned, calib, setting.ptq).model, test), (performance.now() - t) / 1000);
  t = performance.now();
  const q = quantizationAwareTraining(graph, weights, data, { epochs: 1, learningRate: 0.0005, batchSize: 64, seed: 2, calibrationSamples: 500, perChannel: setting.ptq.perChannel ?? true, ...(setting.ptq.calibration ? { calibration: setting.ptq.calibration } : {}) });
  line(`+1 QAT epoch, ${setting.label}`, floatAccuracy(q.graph, q.weights, test), int8Accuracy(quantizeGraph(q.graph, q.weights, calib, setting.ptq).model, test), (performance.now() - t) / 1000);
}

function row(data: Dataset, name: string, graph: ArchGraph): void {
  const t0 = performance.now();
  const size = data.inputShape.reduce((p, d) => p * d, 1);
  const test = headOf(data.test, size, Math.min(testN, data.test.n));
  const { float, weights } = withModel(graph, trainSeed, undefined, (m) => {
    m.fit({ train: data.train, validation: data.validation, numClasses: data.numClasses }, { epochs, batchSize: 64, learningRate: 0.003, seed: trainSeed });
    return { float: m.evaluate(test).accuracy, weights: m.getWeights() };
  });
  const trainS = (performance.now() - t0) / 1000;
  for (const method of ['minmax', 'percentile', 'mse'] as CalibrationMethod[]) {
    const t1 = performance.now();
    const { model: q } = quantizeGraph(graph, weights, data.train.x.subarray(0, 500 * size), { calibration: { method } });
    const int8 = int8Accuracy(q, test);
    const s = (performance.now() - t1) / 1000;
    console.log(`| ${data.name} | ${name} | ${epochs} | ${method} PTQ | ${(float * 100).toFixed(2)} | ${(int8 * 100).toFixed(2)} | ${((int8 - float) * 100).toFixed(2)} | ${trainS.toFixed(0)} | ${s.toFixed(1)} |`);
  }
  for (const setting of qatSettingNames) qatRows(data, name, graph, weights, test, float, qatSettings[setting] as QatSetting);
}

console.log(`engine ${engine.description}, ${epochs} epochs, ${testN} test samples, calibration on 500 training samples`);
console.log('| dataset | model | epochs | calibration | float test % | int8 test % | int8 - float | train s | quantize + int8 eval s |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const setName of datasetNames) {
  const data = (datasets[setName] as () => Dataset | undefined)();
  if (data) for (const name of modelNames) row(data, name, (models[name] as (d: Dataset) => ArchGraph)(data));
}
