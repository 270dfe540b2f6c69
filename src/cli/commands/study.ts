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
import { DEFAULT_STORAGE_PATH } from '../../study/storage/sqlite.js';
import { openStorage } from '../../study/storage/open.js';
import { redactUrl } from '../../study/storage/postgres.js';
import type { QueueStorage, StudyRow, TrialRow } from '../../study/storage/types.js';
import { SramFront } from '../../study/front.js';
import { trialsCsv } from '../../study/csv.js';
import { graphToJSON } from '../../arch/json.js';
import { writeWeightsFile } from '../../engine/weights-file.js';
import type { TrialRecord } from '../../study/types.js';
import { runAction } from '../args.js';
import type { Output } from '../output.js';

interface StudyFlags { storage?: string; json?: boolean }
interface ExportFlags extends StudyFlags { best?: boolean; pareto?: boolean; out?: string; format?: string }

/** An open storage and the name it was opened by (password hidden), for messages. */
interface Opened { readonly s: QueueStorage; readonly where: string; readonly url: string }

async function withStorage(o: StudyFlags, body: (db: Opened, out: Output) => Promise<void>): Promise<void> {
  await runAction(o.json, async (out) => {
    const url = o.storage ?? DEFAULT_STORAGE_PATH;
    const s = await openStorage(url);
    try { await body({ s, where: redactUrl(url), url }, out); } finally { await s.close(); }
  });
}

async function mustLoad({ s, where }: Opened, name: string): Promise<StudyRow> {
  const row = await s.loadStudy(name);
  if (row) return row;
  const names = (await s.listStudies()).map((x) => x.name);
  throw new StudyError(`study: name must be a stored study; got '${name}'. Stored in ${where}: ${names.length ? names.join(', ') : '(none)'}.`);
}

function bestOf(rows: readonly TrialRow[]): TrialRecord | null {
  let top: TrialRecord | null = null;
  for (const r of rows) if (r.record?.state === 'complete' && (!top || (r.record.accuracy ?? 0) > (top.accuracy ?? 0))) top = r.record;
  return top;
}

const countsText = (c: StudyRow['counts']) => Object.entries(c).map(([k, v]) => `${v} ${k}`).join(', ') || 'no trials';

async function show(db: Opened, out: Output, name: string): Promise<void> {
  const study = await mustLoad(db, name);
  const best = bestOf(await db.s.trials(study.id));
  out.result({ ...study, best }, () => [
    `study '${study.name}' (created ${study.createdAt}, ${study.status}): ${countsText(study.counts)}`,
    best ? `best: trial ${best.trial}, accuracy ${((best.accuracy ?? 0) * 100).toFixed(2)}%, ${best.params} params, ${best.macs} MACs` : 'best: none complete yet',
    `config: ${JSON.stringify(study.config)}`,
  ].join('\n'));
}

async function exportStudy(db: Opened, out: Output, name: string, o: ExportFlags): Promise<void> {
  const study = await mustLoad(db, name);
  const rows = await db.s.trials(study.id);
  const dir = o.out ?? join('tinyevo-runs', `study-${name}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.json'), `${JSON.stringify(study.config, null, 2)}\n`);
  writeFileSync(join(dir, 'trials.jsonl'), rows.flatMap((r) => (r.record ? [`${JSON.stringify(r.record)}\n`] : [])).join(''));
  writeFileSync(join(dir, 'trials.csv'), trialsCsv(rows));
  const best = o.best ? bestOf(rows) : null;
  if (o.best && !best) throw new StudyError(`study export: --best needs a complete trial; got none in study '${name}'. Run the search longer.`);
  if (best) writeFileSync(join(dir, 'best.json'), `${JSON.stringify(best, null, 2)}\n`);
  const front = new SramFront();
  const byTrial = new Map(rows.flatMap((r) => (r.record ? [[r.trial, r.record] as const] : [])));
  if (o.pareto) for (const r of byTrial.values()) front.add(r);
  const pareto = o.pareto ? front.get().map((p) => byTrial.get(p.trial) as TrialRecord) : [];
  if (o.pareto && pareto.length === 0) throw new StudyError(`study export: --pareto needs complete feasible trials with an SRAM figure; got none in study '${name}'.`);
  if (o.pareto) writeFileSync(join(dir, 'pareto.json'), `${JSON.stringify(pareto, null, 2)}\n`);
  const files = ['config.json', 'trials.jsonl', 'trials.csv', ...(best ? ['best.json'] : []), ...(o.pareto ? ['pareto.json'] : [])].map((f) => join(dir, f));
  const model = best && o.format !== 'none' ? await exportTrialModel(db.url, name, study.config, best, join(dir, 'best'), o.format ?? 'all', out) : null;
  const models: { trial: number; dir: string; report: ExportReport | { error: string } }[] = [];
  for (const r of pareto) {
    const d = join(dir, 'pareto', `trial-${r.trial}`);
    models.push({ trial: r.trial, dir: d, report: await exportTrialModel(db.url, name, study.config, r, d, o.format ?? 'all', out) });
  }
  const modelText = (m: ExportReport | { error: string }) => ('error' in m ? `not exported: ${m.error}` : `${m.files.map((f) => join(m.outDir, f)).join(', ')} (int8 ${(m.int8Accuracy * 100).toFixed(2)}%, float ${(m.floatAccuracy * 100).toFixed(2)}% on ${m.evaluationSamples} test samples)`);
  out.result({ study: name, dir, files, best, model, pareto: models.map((m) => ({ ...m, record: byTrial.get(m.trial) })) }, () => [`exported study '${name}' to ${files.join(', ')}`,
    ...(model ? [`best model: ${modelText(model)}`] : []),
    ...models.map((m) => `Pareto trial ${m.trial} (accuracy ${(((byTrial.get(m.trial)?.accuracy) ?? 0) * 100).toFixed(2)}%, SRAM ${byTrial.get(m.trial)?.limits.find((l) => l.name === 'sram')?.value} B): ${modelText(m.report)}`)].join('\n'));
}

/**
 * A trial as deployable files: its graph (decoded from the genome with the study's space) as ArchGraph JSON with its
 * stored weights, and, unless format is 'none', quantized and written as .tflite and C with test vectors
 * (`exportModel`). Weights are those of the search fidelity; a trial without stored weights is reported, not fatal.
 */
async function exportTrialModel(storagePath: string, name: string, config: unknown, best: TrialRecord, dir: string, format: string, out: Output): Promise<ExportReport | { error: string }> {
  if (!best.weights) return { error: `trial ${best.trial} has no stored weights (searched before tinyevo kept them)` };
  const cfg = parseSearchConfig(config, `study '${name}' config`);
  // Quantization and export run on TF.js whichever engine trained the weights.
  await useBackend(cfg.engine === 'native' ? 'auto' : cfg.engine);
  const data = loadDataset(cfg.dataset);
  const space = spaceForData(cfg.space, data.inputShape, data.numClasses, { ...(cfg.spaceWidth !== undefined && { width: cfg.spaceWidth }) });
  const graph = space.decode(space.fromJSON(best.genome));
  const weights = new WeightStore(studyArtifactsDir(storagePath, name)).get(best.weights);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'graph.json'), `${JSON.stringify(graphToJSON(graph), null, 2)}\n`);
  writeWeightsFile(join(dir, 'weights.json'), weights);
  if (format === 'none') return { error: 'not quantized (--format none); graph.json and weights.json written' };
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
  const common = (c: Command) => c.option('--storage <file|url>', `study database: SQLite file (default ${DEFAULT_STORAGE_PATH}) or postgres://user:pass@host:port/db`).option('--json', 'print one JSON document on stdout');
  common(study.command('list').description('every study with its trial counts'))
    .action((o: StudyFlags) => withStorage(o, async (s, out) => {
      const rows = await s.s.listStudies();
      out.result({ storage: s.where, studies: rows }, () => (rows.length ? rows.map((r) => `${r.name} (${r.status}): ${countsText(r.counts)}`).join('\n') : `no studies in ${s.where}`));
    }));
  common(study.command('show <name>').description('a study\'s config, trial counts and best trial'))
    .action((name: string, o: StudyFlags) => withStorage(o, (s, out) => show(s, out, name)));
  common(study.command('export <name>').description('write config.json, trials.jsonl and trials.csv; --best and --pareto also write the chosen models (graph.json, weights.json, int8 .tflite and C)'))
    .option('--best', 'also write the best complete trial and, from its stored weights, its model files (best/)')
    .option('--pareto', 'also write the accuracy/SRAM Pareto front (pareto.json) and each front model (pareto/trial-N/)').option('--out <dir>', 'folder (default tinyevo-runs/study-NAME)')
    .option('--format <list>', 'with --best: tflite | c | all | none', 'all')
    .action((name: string, o: ExportFlags) => withStorage(o, (s, out) => exportStudy(s, out, name, o)));
  common(study.command('delete <name>').description('delete a study and its trials'))
    .action((name: string, o: StudyFlags) => withStorage(o, async (s, out) => {
      await mustLoad(s, name);
      await s.s.deleteStudy(name);
      out.result({ deleted: name }, () => `deleted study '${name}' from ${s.where}`);
    }));
}
