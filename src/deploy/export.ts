import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { graphToJSON } from '../arch/json.js';
import type { ArchGraph } from '../arch/types.js';
import { headOf, type Dataset } from '../data/dataset.js';
import { TfModel } from '../engine/tfjs/model.js';
import { evaluate } from '../engine/tfjs/train.js';
import type { WeightTensor } from '../engine/weights.js';
import { writeWeightsFile } from '../engine/weights-file.js';
import { check, findDevice, type RuntimeId } from '../hardware/index.js';
import type { CalibrationMethod } from '../quantize/calibrate.js';
import { argmax, inputParams, int8Accuracy, quantizeValues } from '../quantize/evaluate.js';
import { runQuantModel } from '../quantize/interpreter/index.js';
import { quantizeGraph } from '../quantize/ptq.js';
import type { QuantModel } from '../quantize/types.js';
import { DeployError } from './errors.js';
import { exportFormats, type ExportFormat, type FormatResult } from './formats.js';

export interface ExportOptions {
  readonly formats: readonly ExportFormat[];
  readonly outDir: string;
  /** C identifiers and file names: letters, digits and underscores. */
  readonly name: string;
  readonly calibration: CalibrationMethod;
  readonly calibrationSamples: number;
  /** Test samples scored in float and int8 (and the first few written as test vectors). */
  readonly evaluationSamples: number;
  readonly testVectors: number;
  readonly device: string;
  readonly runtime: RuntimeId;
  /** Export even when the cost model says the model does not fit the device. */
  readonly force: boolean;
}

export interface TestVectors {
  readonly input: { readonly shape: readonly number[]; readonly scale: number; readonly zeroPoint: number };
  readonly cases: readonly { readonly label: number; readonly input: readonly number[]; readonly output: readonly number[] }[];
}

export interface ExportReport {
  readonly outDir: string;
  readonly name: string;
  readonly device: string;
  readonly runtime: RuntimeId;
  readonly floatAccuracy: number;
  readonly int8Accuracy: number;
  readonly evaluationSamples: number;
  readonly calibration: CalibrationMethod;
  /** The cost model's predictions for the device (bytes). */
  readonly predicted: { readonly flashBytes: number; readonly modelFlashBytes: number; readonly sramPeakBytes: number; readonly arenaBytes: number };
  readonly formats: readonly FormatResult[];
  readonly files: readonly string[];
}

/** Refuses a model that the cost model says does not fit the device, naming each exceeded limit. */
function checkFits(graph: ArchGraph, options: ExportOptions) {
  const device = findDevice(options.device);
  const report = check(graph, device, {}, { runtime: options.runtime });
  const over = report.checks.filter((c) => !c.ok);
  if (over.length > 0 && !options.force) {
    const what = over.map((c) => `${c.name} ${c.value} ${c.unit} > ${c.limit} ${c.unit} (largest: ${c.culprits.slice(0, 2).join(', ')})`).join('; ');
    throw new DeployError(`export: the model does not fit ${device.id} (${options.runtime}): ${what}. Pick a larger device with --device, or pass --force to export anyway.`);
  }
  return report;
}

/** Runs the int8 model on the first test samples: the golden inputs and outputs every exported runtime must reproduce. */
export function makeTestVectors(model: QuantModel, data: Dataset, count: number): TestVectors {
  const p = inputParams(model);
  const cases = [];
  for (let i = 0; i < Math.min(count, data.test.n); i++) {
    const x = quantizeValues(data.test.x.subarray(i * p.size, (i + 1) * p.size), p.scale, p.zeroPoint);
    const [y] = runQuantModel(model, [x]);
    cases.push({ label: data.test.y[i] as number, input: Array.from(x), output: Array.from(y as Int8Array), predicted: argmax(y as Int8Array) });
  }
  return { input: { shape: model.tensors[model.inputs[0] as number]!.shape, scale: p.scale, zeroPoint: p.zeroPoint }, cases };
}

function floatAccuracy(graph: ArchGraph, weights: readonly WeightTensor[], data: Dataset, n: number): number {
  const model = new TfModel(graph, 0);
  try {
    model.setWeights(weights);
    return evaluate(model, headOf(data.test, data.inputShape.reduce((p, d) => p * d, 1), n)).accuracy;
  } finally {
    model.dispose();
  }
}

/**
 * Exports a trained model for the device: checks it fits, quantizes it to int8 (calibrated on training samples),
 * scores float and int8 accuracy on the same test samples, writes test vectors and each requested format
 * (.tflite, generated C), plus the graph, weights and a report of predicted flash and SRAM.
 */
export function exportModel(graph: ArchGraph, weights: readonly WeightTensor[], data: Dataset, options: ExportOptions): ExportReport {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(options.name)) throw new DeployError(`export: name must be a C identifier (letters, digits, _); got '${options.name}'.`);
  const fit = checkFits(graph, options);
  const size = data.inputShape.reduce((p, d) => p * d, 1);
  const calib = data.train.x.subarray(0, Math.min(options.calibrationSamples, data.train.n) * size);
  const { model, deploy } = quantizeGraph(graph, weights, calib, { calibration: { method: options.calibration }, description: `tinyevo ${options.name}` });
  const n = Math.min(options.evaluationSamples, data.test.n);
  const vectors = makeTestVectors(model, data, options.testVectors);
  // Every format is generated before anything is written, so a format that refuses the model (a DeployError) leaves
  // no half-written export behind.
  const staged: [string, string | Uint8Array][] = [];
  const formats = options.formats.map((f) => exportFormats[f]({ model, deploy, cases: vectors.cases, name: options.name, write: (file, content) => { staged.push([file, content]); } }));
  mkdirSync(options.outDir, { recursive: true });
  const files: string[] = [];
  const write = (file: string, content: string | Uint8Array): void => { writeFileSync(join(options.outDir, file), content); files.push(file); };
  write('graph.json', `${JSON.stringify(graphToJSON(graph), null, 2)}\n`);
  writeWeightsFile(join(options.outDir, 'weights.json'), weights);
  files.push('weights.json');
  write('test-vectors.json', `${JSON.stringify(vectors)}\n`);
  for (const [file, content] of staged) write(file, content);
  const report: ExportReport = {
    outDir: options.outDir, name: options.name, device: options.device, runtime: options.runtime,
    floatAccuracy: floatAccuracy(graph, weights, data, n), int8Accuracy: int8Accuracy(model, data.test, n), evaluationSamples: n, calibration: options.calibration,
    predicted: { flashBytes: fit.cost.flash.totalBytes, modelFlashBytes: fit.cost.flash.modelBytes, sramPeakBytes: fit.cost.memory.peakSramBytes, arenaBytes: fit.cost.memory.arenaBytes },
    formats, files: [...files, 'report.json'],
  };
  write('report.json', `${JSON.stringify(report, null, 2)}\n`);
  return report;
}
