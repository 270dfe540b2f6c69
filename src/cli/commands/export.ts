import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { graphFromJSON } from '../../arch/json.js';
import type { ArchGraph } from '../../arch/types.js';
import { exportModel, type ExportReport } from '../../deploy/export.js';
import { DeployError } from '../../deploy/errors.js';
import { exportFormatNames, type ExportFormat } from '../../deploy/formats.js';
import { useBackend } from '../../engine/backend.js';
import { readWeightsFile } from '../../engine/weights-file.js';
import type { WeightTensor } from '../../engine/weights.js';
import { runtimeIds, type RuntimeId } from '../../hardware/index.js';
import type { CalibrationMethod } from '../../quantize/calibrate.js';
import { intArg, runAction } from '../args.js';
import { loadDataset } from '../../data/registry.js';

interface ExportFlags { out: string; format: string; weights?: string; dataset?: string; calibration: string; calibrationSamples: number; evalSamples: number; testVectors: number; device?: string; runtime?: string; name: string; force?: boolean; backend: string; json?: boolean }

interface Source { graph: ArchGraph; weights: WeightTensor[]; config: Record<string, unknown> }

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new DeployError(`export: ${path} must be a readable JSON file; got ${(e as Error).message}.`);
  }
}

/** A results folder (best/graph.json), a folder with graph.json + weights.json, or a graph file with --weights. */
export function resolveSource(source: string, weightsPath?: string): Source {
  if (!existsSync(source)) throw new DeployError(`export: '${source}' does not exist; give a search results folder, a folder with graph.json and weights.json, or a graph JSON file.`);
  let graphPath = source;
  let configPath: string | null = null;
  if (statSync(source).isDirectory()) {
    const best = join(source, 'best', 'graph.json');
    graphPath = existsSync(best) ? best : join(source, 'graph.json');
    if (existsSync(join(source, 'config.json'))) configPath = join(source, 'config.json');
    if (!existsSync(graphPath)) throw new DeployError(`export: folder '${source}' has neither best/graph.json (a search's results) nor graph.json.`);
  }
  const wPath = weightsPath ?? join(dirname(graphPath), 'weights.json');
  if (!existsSync(wPath)) throw new DeployError(`export: trained weights are needed; '${wPath}' does not exist. Pass --weights FILE.`);
  const config = configPath ? (readJson(configPath) as Record<string, unknown>) : {};
  return { graph: graphFromJSON(readJson(graphPath)), weights: readWeightsFile(wPath), config };
}

function parseFormats(v: string): ExportFormat[] {
  if (v === 'all') return [...exportFormatNames];
  const list = v.split(',');
  for (const f of list) if (!(exportFormatNames as readonly string[]).includes(f)) throw new DeployError(`export: --format must be ${exportFormatNames.join(', ')} or all (comma-separated); got '${f}'.`);
  return list as ExportFormat[];
}

function text(r: ExportReport): string {
  const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
  return [
    `exported '${r.name}' to ${r.outDir} for ${r.device} (${r.runtime})`,
    `accuracy on ${r.evaluationSamples} test samples: float ${pct(r.floatAccuracy)}, int8 ${pct(r.int8Accuracy)} (${r.calibration} calibration)`,
    `predicted: flash ${r.predicted.flashBytes} B (model ${r.predicted.modelFlashBytes} B), peak SRAM ${r.predicted.sramPeakBytes} B`,
    ...r.formats.map((f) => `${f.format}: ${f.files.join(', ')}${f.summary ? ` — ${f.summary}` : ''}`),
  ].join('\n');
}

/** `tinyevo export`: int8 quantization and deployment files for a trained model. */
export function register(cli: Command): void {
  cli.command('export <source>')
    .description('quantize a trained model to int8 and write .tflite and/or generated C, with test vectors and a size report')
    .requiredOption('--out <dir>', 'output folder')
    .option('--format <list>', 'tflite | c | all (comma-separated)', 'all')
    .option('--weights <file>', 'weights JSON (default: weights.json beside the graph)')
    .option('--dataset <name>', 'calibration and test data: mnist | fashion-mnist | cifar10:DIR | idx:DIR (default: the search config\'s, else mnist)')
    .option('--calibration <method>', 'minmax | percentile | mse', 'minmax')
    .option('--calibration-samples <n>', 'training samples for calibration', intArg('--calibration-samples', 1), 500)
    .option('--eval-samples <n>', 'test samples scored in float and int8', intArg('--eval-samples', 1), 1000)
    .option('--test-vectors <n>', 'test samples written as golden input/output pairs', intArg('--test-vectors', 1), 10)
    .option('--device <id>', 'target MCU (default: the search config\'s, else nrf52840)')
    .option('--runtime <id>', `${runtimeIds.join(' | ')} (default: the search config's, else tflm-cmsis)`)
    .option('--name <id>', 'model name (C identifier)', 'model')
    .option('--force', 'export even when the model does not fit the device')
    .option('--backend <name>', 'auto | wasm | cpu | tensorflow', 'auto')
    .option('--json', 'print one JSON document on stdout')
    .action((source: string, o: ExportFlags) => runAction(o.json, async (out) => {
      if (!['minmax', 'percentile', 'mse'].includes(o.calibration)) throw new DeployError(`export: --calibration must be minmax, percentile or mse; got '${o.calibration}'.`);
      const formats = parseFormats(o.format);
      const src = resolveSource(source, o.weights);
      const runtime = (o.runtime ?? src.config.runtime ?? 'tflm-cmsis') as RuntimeId;
      if (!runtimeIds.includes(runtime)) throw new DeployError(`export: --runtime must be one of ${runtimeIds.join(', ')}; got '${runtime}'.`);
      await useBackend(o.backend as 'auto');
      const data = loadDataset(String(o.dataset ?? src.config.dataset ?? 'mnist'));
      out.progress(`export: quantizing with ${o.calibration} calibration on ${o.calibrationSamples} ${data.name} samples, scoring ${o.evalSamples} test samples`);
      const report = exportModel(src.graph, src.weights, data, {
        formats, outDir: o.out, name: o.name, calibration: o.calibration as CalibrationMethod, calibrationSamples: o.calibrationSamples,
        evaluationSamples: o.evalSamples, testVectors: o.testVectors, device: String(o.device ?? src.config.device ?? 'nrf52840'), runtime, force: !!o.force,
      });
      out.result(report, () => text(report));
    }));
}
