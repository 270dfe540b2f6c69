import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { loadDataset } from '../../data/registry.js';
import { exportModel, type ExportReport } from '../../deploy/export.js';
import { exportFormatNames, type ExportFormat } from '../../deploy/formats.js';
import { useBackend } from '../../engine/backend.js';
import { TinyevoError } from '../../errors.js';
import { spaceForData } from '../../space/index.js';
import { studyArtifactsDir, WeightStore } from '../../study/artifacts.js';
import { parseSearchConfig } from '../../study/config.js';
import { StudyError } from '../../study/errors.js';
import { DEFAULT_STORAGE_PATH, SqliteStorage } from '../../study/storage/sqlite.js';
import type { StudyRow, TrialRow } from '../../study/storage/types.js';
import type { TrialRecord } from '../../study/types.js';
import { runAction } from '../args.js';
import type { Output } from '../output.js';

interface StudyFlags { storage?: string; json?: boolean }
interface ExportFlags extends StudyFlags { best?: boolean; out?: string; format?: string }

async function withStorage(o: StudyFlags, body: (s: SqliteStorage, out: Output) => Promise<void>): Promise<void> {
  await runAction(o.json, async (out) => {
    const s = new SqliteStorage(o.storage ?? DEFAULT_STORAGE_PATH);
    try { await body(s, out); } finally { s.close(); }
  });
}

async function mustLoad(s: SqliteStorage, name: string): Promise<StudyRow> {
  const row = await s.loadStudy(name);
  if (row) return row;
  const names = (await s.listStudies()).map((x) => x.name);
  throw new StudyError(`study: name must be a stored study; got '${name}'. Stored in ${s.path}: ${names.length ? names.join(', ') : '(none)'}.`);
}

function bestOf(rows: readonly TrialRow[]): TrialRecord | null {
  let top: TrialRecord | null = null;
  for (const r of rows) if (r.record?.state === 'complete' && (!top || (r.record.accuracy ?? 0) > (top.accuracy ?? 0))) top = r.record;
  return top;
}

const countsText = (c: StudyRow['counts']) => Object.entries(c).map(([k, v]) => `${v} ${k}`).join(', ') || 'no trials';

async function show(s: SqliteStorage, out: Output, name: string): Promise<void> {
  const study = await mustLoad(s, name);
  const best = bestOf(await s.trials(study.id));
  out.result({ ...study, best }, () => [
    `study '${study.name}' (created ${study.createdAt}): ${countsText(study.counts)}`,
    best ? `best: trial ${best.trial}, accuracy ${((best.accuracy ?? 0) * 100).toFixed(2)}%, ${best.params} params, ${best.macs} MACs` : 'best: none complete yet',
    `config: ${JSON.stringify(study.config)}`,
  ].join('\n'));
}

async function exportStudy(s: SqliteStorage, out: Output, name: string, o: ExportFlags): Promise<void> {
  const study = await mustLoad(s, name);
  const rows = await s.trials(study.id);
  const dir = o.out ?? join('tinyevo-runs', `study-${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.json'), `${JSON.stringify(study.config, null, 2)}\n`);
  writeFileSync(join(dir, 'trials.jsonl'), rows.flatMap((r) => (r.record ? [`${JSON.stringify(r.record)}\n`] : [])).join(''));
  const best = o.best ? bestOf(rows) : null;
  if (o.best && !best) throw new StudyError(`study export: --best needs a complete trial; got none in study '${name}'. Run the search longer.`);
  if (best) writeFileSync(join(dir, 'best.json'), `${JSON.stringify(best, null, 2)}\n`);
  const files = ['config.json', 'trials.jsonl', ...(best ? ['best.json'] : [])].map((f) => join(dir, f));
  const model = best && o.format !== 'none' ? await exportBestModel(s.path, name, study.config, best, join(dir, 'best'), o.format ?? 'all', out) : null;
  out.result({ study: name, dir, files, best, model }, () => [`exported study '${name}' to ${files.join(', ')}`,
    ...(model ? ['error' in model ? `best model not exported: ${model.error}` : `best model: ${model.files.map((f) => join(model.outDir, f)).join(', ')} (int8 ${(model.int8Accuracy * 100).toFixed(2)}%, float ${(model.floatAccuracy * 100).toFixed(2)}% on ${model.evaluationSamples} test samples)`] : [])].join('\n'));
}

/**
 * The best trial as deployable files: its graph (decoded from the genome with the study's space) and stored
 * weights, quantized and written as .tflite and C with test vectors (`exportModel`). Weights are those of the
 * search fidelity; a trial stored before weights were kept is reported, not fatal.
 */
async function exportBestModel(storagePath: string, name: string, config: unknown, best: TrialRecord, dir: string, format: string, out: Output): Promise<ExportReport | { error: string }> {
  if (!best.weights) return { error: `trial ${best.trial} has no stored weights (searched before tinyevo kept them)` };
  const cfg = parseSearchConfig(config, `study '${name}' config`);
  await useBackend(cfg.backend);
  const data = loadDataset(cfg.dataset);
  const space = spaceForData(cfg.space, data.inputShape, data.numClasses);
  const graph = space.decode(space.fromJSON(best.genome));
  const weights = new WeightStore(studyArtifactsDir(storagePath, name)).get(best.weights);
  out.progress(`study export: quantizing trial ${best.trial} to int8 in ${dir}`);
  try {
    return exportModel(graph, weights, data, { formats: format === 'all' ? exportFormatNames : (format.split(',') as ExportFormat[]), outDir: dir, name: 'model', calibration: 'minmax', calibrationSamples: 500, evaluationSamples: 1000, testVectors: 10, device: cfg.device, runtime: cfg.runtime, force: true });
  } catch (e) {
    if (e instanceof TinyevoError) return { error: e.message };
    throw e;
  }
}

/** `tinyevo study list | show NAME | export NAME | delete NAME`: look after the studies in a study database. */
export function register(cli: Command): void {
  const study = cli.command('study').description(`list, show, export and delete stored studies (default database ${DEFAULT_STORAGE_PATH})`);
  const common = (c: Command) => c.option('--storage <file>', `study database (default ${DEFAULT_STORAGE_PATH})`).option('--json', 'print one JSON document on stdout');
  common(study.command('list').description('every study with its trial counts'))
    .action((o: StudyFlags) => withStorage(o, async (s, out) => {
      const rows = await s.listStudies();
      out.result({ storage: s.path, studies: rows }, () => (rows.length ? rows.map((r) => `${r.name}: ${countsText(r.counts)}`).join('\n') : `no studies in ${s.path}`));
    }));
  common(study.command('show <name>').description('a study\'s config, trial counts and best trial'))
    .action((name: string, o: StudyFlags) => withStorage(o, (s, out) => show(s, out, name)));
  common(study.command('export <name>').description('write config.json and trials.jsonl; with --best also best.json and the best model as int8 .tflite and C (best/)'))
    .option('--best', 'also write the best complete trial and, from its stored weights, its deployment files').option('--out <dir>', 'folder (default tinyevo-runs/study-NAME)')
    .option('--format <list>', 'with --best: tflite | c | all | none', 'all')
    .action((name: string, o: ExportFlags) => withStorage(o, (s, out) => exportStudy(s, out, name, o)));
  common(study.command('delete <name>').description('delete a study and its trials'))
    .action((name: string, o: StudyFlags) => withStorage(o, async (s, out) => {
      await mustLoad(s, name);
      await s.deleteStudy(name);
      out.result({ deleted: name }, () => `deleted study '${name}' from ${s.path}`);
    }));
}
