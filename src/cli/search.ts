import { join } from 'node:path';
import { summary as graphSummary } from '../arch/graph.js';
import { loadDataset } from '../data/registry.js';
import { useBackend } from '../engine/backend.js';
import { TfModel } from '../engine/tfjs/model.js';
import { evaluate } from '../engine/tfjs/train.js';
import { TrainingEstimator } from '../estimate/training.js';
import { Int8FitnessEstimator } from '../estimate/int8.js';
import { strategyByName } from '../search/presets.js';
import { spaceForData } from '../space/index.js';
import type { SearchConfig } from '../study/config.js';
import { ResultsFolder } from '../study/results.js';
import { SramFront } from '../study/front.js';
import { studyArtifactsDir, WeightStore } from '../study/artifacts.js';
import { runSearch } from '../study/runner.js';
import { deviceCheck } from '../study/device-check.js';
import { replayStudy } from '../study/replay.js';
import { SqliteStorage } from '../study/storage/sqlite.js';
import { openStudy, studyHooks } from '../study/study.js';
import type { Output } from './output.js';
import type { ArchGraph } from '../arch/types.js';
import type { Dataset } from '../data/dataset.js';
import { exportModel, type ExportReport } from '../deploy/export.js';
import { exportFormatNames } from '../deploy/formats.js';
import type { WeightTensor } from '../engine/weights.js';
import { TinyevoError } from '../errors.js';
import { startProgress } from './progress.js';

/** Where a search keeps its study (resume by name after a crash); see `tinyevo study`. */
export interface StudyOptions {
  readonly name: string;
  readonly storagePath: string;
}

/** Quantizes and exports the final model; an export failure is reported, never fatal to the search. */
function exportBest(graph: ArchGraph, weights: readonly WeightTensor[], data: Dataset, config: SearchConfig, dir: string, out: Output): ExportReport | { error: string } {
  out.progress(`exporting the best model as int8 to ${dir}`);
  try {
    return exportModel(graph, weights, data, {
      formats: exportFormatNames, outDir: dir, name: 'model', calibration: 'minmax', calibrationSamples: 500, evaluationSamples: 1000, testVectors: 10,
      device: config.device, runtime: config.runtime, force: true,
    });
  } catch (e) {
    if (e instanceof TinyevoError) return { error: e.message };
    throw e;
  }
}

/** Runs a search as configured (in a study when `study` is set), writes the results folder and reports the best model. */
export async function search(config: SearchConfig, outDir: string, out: Output, study?: StudyOptions): Promise<void> {
  const backend = await useBackend(config.backend);
  const data = loadDataset(config.dataset);
  const space = spaceForData(config.space, data.inputShape, data.numClasses);
  const strategy = strategyByName(config.strategy, space, config.seed, { init: config.init });
  const training = new TrainingEstimator(data, { learningRate: config.learningRate, seed: config.seed, ...(config.earlyStopping && { earlyStopping: { minEpochs: 3, z: 1.5 } }) });
  const estimator = config.int8Fitness ? new Int8FitnessEstimator(training, data) : training;
  const check = deviceCheck(config.device, config.limits, config.runtime);
  // Open (and replay) the study first, so a refused resume leaves no empty results folder behind.
  const storage = study ? new SqliteStorage(study.storagePath) : null;
  const opened = storage && study ? await openStudy(storage, study.name, config) : null;
  const prior = opened ? replayStudy(strategy, space, opened.rows) : [];
  const hooks = storage && opened ? studyHooks(storage, opened.id) : null;
  const folder = new ResultsFolder(outDir);
  folder.writeConfig({ ...config, backend });
  out.progress(`search: ${config.space} space, ${config.strategy}, ${data.name} (${data.train.n} train), device ${config.device} (${config.runtime}), limits ${JSON.stringify(config.limits)}, ${config.budgetSeconds} s, backend ${backend}, results in ${outDir}`);
  if (opened) out.progress(`study '${opened.name}' in ${study?.storagePath}: ${opened.resumed ? `resumed after ${prior.length} stored trials` : 'created'}`);
  const bar = startProgress('search', Math.round(config.budgetSeconds));
  const t0 = performance.now();
  let bestAcc = 0;
  const front = new SramFront();
  let trained = 0;
  let rejected = 0;
  const weightStore = new WeightStore(study ? studyArtifactsDir(study.storagePath, study.name) : join(outDir, 'weights'));
  const result = await runSearch({
    space, strategy, estimator, fidelity: config.fidelity, check, prior, ...(hooks && { propose: hooks.propose }),
    storeWeights: (trial, weights) => weightStore.put(trial, weights),
    budgetSeconds: config.budgetSeconds, maxEvaluations: config.maxEvaluations, maxRejections: config.maxRejections, inheritWeights: config.inheritWeights,
    record: async (r) => {
      await hooks?.record(r);
      folder.appendTrial(r);
      if (r.state === 'complete') trained++;
      if (r.state === 'infeasible') rejected++;
      if ((r.accuracy ?? 0) > bestAcc && r.state === 'complete') bestAcc = r.accuracy ?? 0;
      front.add(r);
      bar.update(Math.min(Math.round(config.budgetSeconds), Math.round((performance.now() - t0) / 1000)), `trained ${trained}, rejected ${rejected}, best val ${(bestAcc * 100).toFixed(2)}%, front ${front.toString()}`);
    },
  }).finally(() => storage?.close());
  bar.stop();
  if (!result.best) {
    out.result({ error: 'no candidate was trained', trials: result.records.length }, () => `no candidate was trained in ${config.budgetSeconds} s (${result.records.length} trials); raise --budget-s`);
    return;
  }
  const best = result.best;
  out.progress(`final training of trial ${best.record.trial} for ${config.finalEpochs} epochs on the full training split`);
  const model = new TfModel(best.graph, config.seed);
  try {
    const fit = await import('../engine/tfjs/train.js');
    const steps = Math.floor(data.train.n / config.fidelity.batchSize) * config.finalEpochs;
    const fbar = startProgress('final', steps);
    fit.fit(model, { train: data.train, validation: data.validation, numClasses: data.numClasses },
      { epochs: config.finalEpochs, batchSize: config.fidelity.batchSize, learningRate: config.learningRate, seed: config.seed }, { onStep: (s) => fbar.update(s) });
    fbar.stop();
    const test = evaluate(model, data.test);
    const weights = model.getWeights();
    folder.writeBest(best.graph, weights);
    const exported = exportBest(best.graph, weights, data, config, join(outDir, 'best', 'export'), out);
    const doc = {
      resultsDir: outDir, backend, dataset: data.name, space: config.space, strategy: config.strategy, seed: config.seed,
      searchSeconds: result.seconds, trials: result.records.length,
      trained: result.records.filter((r) => r.state === 'complete').length,
      rejected: result.records.filter((r) => r.state === 'infeasible').length,
      duplicates: result.records.filter((r) => r.state === 'duplicate').length,
      front: front.get(),
      export: exported,
      best: { trial: best.record.trial, genome: best.record.genome, hash: best.record.hash, params: best.record.params, macs: best.record.macs, limits: best.record.limits, searchValAccuracy: best.record.accuracy, testAccuracy: test.accuracy },
    };
    folder.writeSummary(doc);
    out.result(doc, () => [
      `searched ${doc.trials} candidates in ${doc.searchSeconds.toFixed(0)} s: ${doc.trained} trained, ${doc.rejected} rejected by the limits before training, ${doc.duplicates} repeats skipped`,
      `best: trial ${doc.best.trial}, ${doc.best.params} params, ${doc.best.macs} MACs, validation ${((doc.best.searchValAccuracy ?? 0) * 100).toFixed(2)}% at search fidelity`,
      `on ${config.device} (${config.runtime}): ${doc.best.limits.map((l) => `${l.name} ${Math.round(l.value)} of ${Math.round(l.limit)}`).join(', ')}`,
      `after ${config.finalEpochs} epochs of final training: test accuracy ${(test.accuracy * 100).toFixed(2)}% on ${test.n} ${data.name} test images`,
      graphSummary(best.graph),
      'error' in exported ? `int8 export failed: ${exported.error}` : `int8 on the first ${exported.evaluationSamples} test images: ${(exported.int8Accuracy * 100).toFixed(2)}% (float ${(exported.floatAccuracy * 100).toFixed(2)}%); ${exported.files.filter((f) => f.endsWith('.tflite')).map((f) => join(exported.outDir, f)).join(', ')}`,
      `results: ${join(outDir, 'summary.json')}, ${join(outDir, 'trials.jsonl')}, ${join(outDir, 'best')}/`,
    ].join('\n'));
  } finally {
    model.dispose();
  }
}
