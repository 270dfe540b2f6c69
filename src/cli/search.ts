import { join } from 'node:path';
import { summary as graphSummary } from '../arch/graph.js';
import { strategyByName } from '../search/presets.js';
import { ResultsFolder } from '../study/results.js';
import { SramFront } from '../study/front.js';
import { studyArtifactsDir, WeightStore } from '../study/artifacts.js';
import { runSearch, type RunResult } from '../study/runner.js';
import { QueueEvaluator } from '../study/queue.js';
import { openStorage } from '../study/storage/open.js';
import { redactUrl } from '../study/storage/postgres.js';
import { evaluationSetup } from './search-setup.js';
import { FixedProposals } from '../search/fixed.js';
import { Dnas } from '../search/differentiable/dnas.js';
import { deviceCostTerms } from '../search/differentiable/expected-cost.js';
import { fitToLimits } from '../search/differentiable/fit-limits.js';
import { McunetSpace } from '../space/mcunet/index.js';
import { estimateCost, findDevice } from '../hardware/index.js';
import { headOf } from '../data/dataset.js';
import { SearchError, SpaceError } from '../errors.js';
import { Supernet } from '../estimate/oneshot/supernet.js';
import { OneShotEstimator } from '../estimate/oneshot/estimator.js';
import { parseSearchConfig, type SearchConfig } from '../study/config.js';
import type { AnySpace } from '../space/index.js';
import { ConfigError } from '../errors.js';
import { DEFAULT_LEASE_S, startLocalWorkers, type LocalWorkers } from './local-workers.js';
import { replayStudy } from '../study/replay.js';
import { openStudy, studyHooks } from '../study/study.js';
import type { Output } from './output.js';
import type { ArchGraph } from '../arch/types.js';
import type { Dataset } from '../data/dataset.js';
import { exportModel, type ExportReport } from '../deploy/export.js';
import { exportFormatNames } from '../deploy/formats.js';
import type { WeightTensor } from '../engine/weights.js';
import type { TrialRecord } from '../study/types.js';
import { TinyevoError } from '../errors.js';
import { startProgress } from './progress.js';

/** Where a search keeps its study (resume by name after a crash), and how many local worker processes train. */
export interface StudyOptions {
  readonly name: string;
  /** An SQLite file path, or a postgres:// URL. */
  readonly storagePath: string;
  /** Local worker processes that train the candidates (0 or unset: train in this process). */
  readonly workers?: number;
  /** Seconds without a heartbeat after which a worker's trial is given to another worker. */
  readonly leaseSeconds?: number;
}

/** Quantizes and exports the final model; an export failure is reported, never fatal to the search. */
function exportBest(graph: ArchGraph, weights: readonly WeightTensor[], data: Dataset, config: SearchConfig, dir: string, out: Output, what = 'the best model'): ExportReport | { error: string } {
  out.progress(`exporting ${what} as int8 to ${dir}`);
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

/**
 * Trains the weight-sharing supernet of `--strategy mcunet-oneshot` (MCUNet's recipe: supernet first, then evolution
 * on inherited accuracy, then the winner retrained from scratch by the final training). Throws SpaceError for a
 * space without an elastic form.
 */
function trainSupernet(config: SearchConfig, space: AnySpace, data: Dataset, out: Output, native: boolean): Supernet<unknown> {
  const supernet = new Supernet(space, config.seed);
  const o = config.oneShot;
  out.progress(`one-shot: training the ${space.name} supernet (${supernet.parameterCount()} weights) for ${o.epochs} epochs on ${Math.round(o.trainFraction * 100)}% of ${data.train.n} samples, largest + smallest + ${o.randomPerStep} random sub-networks per step${o.distill ? ' (in-place distillation)' : ''}, on ${native ? 'the native engine' : 'TF.js'}`);
  const steps = Math.floor(Math.max(config.fidelity.batchSize, Math.floor(data.train.n * o.trainFraction)) / config.fidelity.batchSize) * o.epochs;
  const bar = startProgress('supernet', steps);
  try {
    const r = supernet.train(data.train, { epochs: o.epochs, trainFraction: o.trainFraction, batchSize: config.fidelity.batchSize, learningRate: config.learningRate, randomPerStep: o.randomPerStep, distill: o.distill, seed: config.seed, native },
      { onStep: (s, _n, loss) => bar.update(s, `loss ${loss.toFixed(3)}`) });
    bar.stop();
    out.progress(`one-shot: supernet trained in ${r.seconds.toFixed(0)} s (${r.steps} steps, last loss ${r.lastLoss.toFixed(3)}); candidates are now scored by inherited accuracy`);
  } catch (e) {
    bar.stop();
    supernet.dispose();
    throw e;
  }
  return supernet;
}

/** One Pareto model exported at the end of a search. */
interface FrontExport { readonly trial: number; readonly accuracy: number | null; readonly dir: string; readonly export: ExportReport | { error: string } }

/**
 * Exports every model of the accuracy/SRAM front as int8 .tflite and C with test vectors and predicted flash and
 * SRAM, from the weights stored at search fidelity (no retraining: these are the trade-off points as searched).
 */
function exportFront(trials: readonly number[], records: readonly TrialRecord[], store: WeightStore, space: AnySpace, data: Dataset, config: SearchConfig, dir: string, out: Output): FrontExport[] {
  return trials.map((trial) => {
    const r = records.find((x) => x.trial === trial && x.state === 'complete');
    const d = join(dir, `trial-${trial}`);
    const proxy = config.fidelity.widthMultiplier < 1 || config.fidelity.inputScale < 1;
    if (!r?.weights) return { trial, accuracy: r?.accuracy ?? null, dir: d, export: { error: proxy ? 'searched as a reduced proxy, so no weights of its own were kept; retrain it to export it' : 'no stored weights' } };
    const graph = space.decode(space.fromJSON(r.genome));
    return { trial, accuracy: r.accuracy, dir: d, export: exportBest(graph, store.get(r.weights), data, config, d, out, `Pareto trial ${trial}`) };
  });
}

/**
 * `--strategy dnas`: differentiable search over the MCUNet space with expected-cost penalties for the device's
 * limits; returns the arg-max genome, which the search then trains at its fidelity, stores, and retrains from scratch
 * as the final model. Throws for another space, and for a limit the smallest network already exceeds.
 */
function runDnas(config: SearchConfig, space: AnySpace, data: Dataset, out: Output, native: boolean): unknown {
  if (!(space instanceof McunetSpace)) throw new SpaceError(`dnas: space must be mcunet (the space DNAS relaxes); got '${space.name}'. Pass --space mcunet.`);
  const device = findDevice(config.device);
  const measure = (g: ArchGraph) => {
    const c = estimateCost(g, device, { runtime: config.runtime });
    return { flashBytes: c.flashBytes, latencyMs: c.latencyMs, arenaBytes: c.memory.peakSramBytes - c.memory.persistentBytes, persistentBytes: c.memory.persistentBytes, sramBytes: c.peakSramBytes };
  };
  const limits = { sramBytes: config.limits.sramBytes ?? device.sramBytes, flashBytes: config.limits.flashBytes ?? device.flashBytes, ...(config.limits.latencyMs !== undefined && { latencyMs: config.limits.latencyMs }) };
  const smallest = measure(space.decode(space.smallest()));
  for (const [name, value, limit] of [['sramBytes', smallest.sramBytes, limits.sramBytes], ['flashBytes', smallest.flashBytes, limits.flashBytes], ['latencyMs', smallest.latencyMs, limits.latencyMs]] as const) {
    if (limit !== undefined && value > limit) throw new ConfigError(`dnas: limits.${name} must allow the smallest network of the space; got ${limit}, and the smallest needs ${Math.ceil(value)} on ${device.id}. Raise the limit, or lower the space's width or resolution.`);
  }
  out.progress(`dnas: measuring expected-cost terms on ${device.id} (${config.runtime}); the mixed network trains on ${native ? 'the native engine' : 'TF.js'}`);
  const terms = deviceCostTerms(space, measure);
  const dnas = new Dnas(space, terms, config.seed);
  const o = config.dnas;
  const half = Math.floor(data.train.n / 2);
  const size = data.inputShape.reduce((p, d) => p * d, 1);
  const weightsSplit = headOf(data.train, size, half);
  const archSplit = { n: data.train.n - half, x: data.train.x.subarray(half * size), y: data.train.y.subarray(half) };
  const bar = startProgress('dnas', Math.floor(Math.max(config.fidelity.batchSize, Math.floor(half * o.trainFraction)) / config.fidelity.batchSize) * o.epochs);
  try {
    const r = dnas.search(weightsSplit, archSplit, {
      epochs: o.epochs, warmupEpochs: o.warmupEpochs, batchSize: config.fidelity.batchSize, trainFraction: o.trainFraction, weightLearningRate: config.learningRate,
      archLearningRate: o.archLearningRate, strength: o.strength, limits, seed: config.seed, native,
    }, { onStep: (st, _n, h) => bar.update(st, h ? `E[SRAM] ${(h.sramBytes / 1024).toFixed(1)} KiB, E[flash] ${(h.flashBytes / 1024).toFixed(0)} KiB, penalty ${h.penalty.toFixed(3)}` : 'warm-up') });
    bar.stop();
    const argmax = measure(space.decode(r.genome));
    const fitted = fitToLimits(space, r.genome, r.probs, measure, limits);
    if (fitted.changes.length > 0) {
      out.progress(`dnas: the arg-max network ${space.key(r.genome)} exceeds the limits by its real costs (SRAM ${argmax.sramBytes} B, flash ${argmax.flashBytes} B, latency ${argmax.latencyMs.toFixed(1)} ms); lowered ${fitted.changes.map((c) => `${c.decision} ${c.from}->${c.to}`).join(', ')} to fit, losing the least architecture probability`);
    }
    const chosen = fitted.costs;
    out.progress(`dnas: chose ${space.key(fitted.genome)} in ${r.seconds.toFixed(0)} s: SRAM ${chosen.sramBytes} B (limit ${limits.sramBytes}), flash ${chosen.flashBytes} B (limit ${limits.flashBytes}), latency ${chosen.latencyMs.toFixed(1)} ms; now trained at search fidelity, then from scratch`);
    return fitted.genome;
  } finally {
    bar.stop();
    dnas.dispose();
    terms.dispose();
  }
}

/** Runs a search as configured (in a study when `study` is set), writes the results folder and reports the best model. */
export async function search(config: SearchConfig, outDir: string, out: Output, study?: StudyOptions): Promise<void> {
  const setup = await evaluationSetup(config, (m) => out.progress(m));
  const { backend, data, space, check } = setup;
  const strategy = config.strategy === 'dnas' ? new FixedProposals([runDnas(config, space, data, out, setup.engine.name === 'native')]) : strategyByName(config.strategy, space, config.seed, { init: config.init });
  if (config.strategy === 'mcunet-oneshot' && (study?.workers ?? 0) > 0) throw new ConfigError('search: --strategy mcunet-oneshot must run in one process (its supernet lives there); got --workers. Drop --workers.');
  const tSupernet = performance.now();
  const supernet = config.strategy === 'mcunet-oneshot' ? trainSupernet(config, space, data, out, setup.engine.name === 'native') : null;
  // The budget covers the whole search, the supernet's training included: the evolution gets what is left.
  const supernetSeconds = supernet ? (performance.now() - tSupernet) / 1000 : 0;
  const loopSeconds = Math.max(0, config.budgetSeconds - supernetSeconds);
  if (supernet && loopSeconds === 0) out.progress(`one-shot: the supernet took ${supernetSeconds.toFixed(0)} s of the ${config.budgetSeconds} s budget, so no time is left to evolve; raise --budget-s or lower oneShot.epochs`);
  const estimator = supernet ? new OneShotEstimator(supernet, data, { calibrationBatches: config.oneShot.calibrationBatches, calibrationBatchSize: config.fidelity.batchSize, validationSamples: config.oneShot.validationSamples, seed: config.seed, native: setup.engine.name === 'native' }) : setup.estimator;
  // Open (and replay) the study first, so a refused resume leaves no empty results folder behind.
  const storage = study ? await openStorage(study.storagePath) : null;
  let pool: LocalWorkers | null = null;
  let result: RunResult<unknown>;
  const front = new SramFront();
  let folder: ResultsFolder;
  const weightStore = new WeightStore(study ? studyArtifactsDir(study.storagePath, study.name) : join(outDir, 'weights'));
  try {
    const opened = storage && study ? await openStudy(storage, study.name, config, (c) => parseSearchConfig(c)) : null;
    const replayed = opened ? replayStudy(strategy, space, opened.rows, config.batch) : { records: [], open: null };
    const hooks = storage && opened ? studyHooks(storage, opened.id) : null;
    if (storage && opened) await storage.setStudyStatus(opened.id, 'open');
    // A resumed study's front starts from its stored trials.
    for (const r of replayed.records) front.add(r);
    folder = new ResultsFolder(outDir);
    folder.writeConfig({ ...config, engineInUse: backend });
    out.progress(`search: ${config.space} space, ${config.strategy}, ${data.name} (${data.train.n} train), device ${config.device} (${config.runtime}), limits ${JSON.stringify(config.limits)}, ${config.budgetSeconds} s, engine ${backend}, results in ${outDir}`);
    if (opened) out.progress(`study '${opened.name}' in ${redactUrl(study?.storagePath ?? '')}: ${opened.resumed ? `resumed after ${replayed.records.length} stored trials` : 'created'}`);
    const workers = study?.workers ?? 0;
    if (storage && opened && study && workers > 0) {
      pool = startLocalWorkers(workers, study.storagePath, opened.name, join(outDir, 'workers'), study.leaseSeconds ?? DEFAULT_LEASE_S);
      out.progress(`${workers} local worker processes train the candidates, ${config.batch} per batch (logs in ${join(outDir, 'workers')}); more can join: tinyevo worker --storage ${redactUrl(study.storagePath)} --study ${opened.name}`);
    }
    const remote = pool && storage && opened ? new QueueEvaluator(storage, opened.id, { pollMs: 100, stalled: () => pool?.stalled() ?? null }) : undefined;
    const bar = startProgress('search', Math.round(loopSeconds));
    const t0 = performance.now();
    let bestAcc = 0;
    let trained = 0;
    let rejected = 0;
    result = await runSearch({
      space, strategy, estimator, fidelity: config.fidelity, check, prior: replayed.records, open: replayed.open, batch: config.batch, ...(remote && { remote }),
      ...(hooks && { propose: hooks.propose }),
      storeWeights: (trial, weights) => weightStore.put(trial, weights),
      budgetSeconds: loopSeconds, maxEvaluations: config.maxEvaluations, maxRejections: config.maxRejections, inheritWeights: config.inheritWeights,
      record: async (r, stored) => {
        await hooks?.record(r, stored);
        folder.appendTrial(r);
        if (r.state === 'complete') trained++;
        if (r.state === 'infeasible') rejected++;
        if ((r.accuracy ?? 0) > bestAcc && r.state === 'complete') bestAcc = r.accuracy ?? 0;
        front.add(r);
        bar.update(Math.min(Math.round(loopSeconds), Math.round((performance.now() - t0) / 1000)), `trained ${trained}, rejected ${rejected}, best val ${(bestAcc * 100).toFixed(2)}%, front ${front.toString()}`);
      },
    });
    bar.stop();
  } finally {
    supernet?.dispose();
    // Closed: workers exit once the queue is empty (a resume opens the study again).
    if (storage && study) await storage.loadStudy(study.name).then((s) => (s ? storage.setStudyStatus(s.id, 'closed') : undefined)).catch(() => {});
    await pool?.close();
    await storage?.close();
  }
  if (!result.best) {
    // Nothing to train or export: a failure the caller must see (exit status 2), with the study kept for a resume.
    throw new SearchError(`search: no candidate was trained in the ${config.budgetSeconds} s budget (${result.records.length} trials); raise --budget-s${study ? ` and resume the study with --study ${study.name}` : ''}; the trials are in ${outDir}`);
  }
  const best = result.best;
  out.progress(`final training of trial ${best.record.trial} for ${config.finalEpochs} epochs on the full training split`);
  const model = setup.engine.createModel(best.graph, config.seed);
  try {
    const steps = Math.floor(data.train.n / config.fidelity.batchSize) * config.finalEpochs;
    const fbar = startProgress('final', steps);
    model.fit({ train: data.train, validation: data.validation, numClasses: data.numClasses },
      { epochs: config.finalEpochs, batchSize: config.fidelity.batchSize, learningRate: config.learningRate, seed: config.seed }, { onStep: (s) => fbar.update(s) });
    fbar.stop();
    const test = model.evaluate(data.test);
    const weights = model.getWeights();
    folder.writeBest(best.graph, weights);
    const exported = exportBest(best.graph, weights, data, config, join(outDir, 'best', 'export'), out);
    const pareto = exportFront(front.get().map((p) => p.trial), result.records, weightStore, space, data, config, join(outDir, 'pareto'), out);
    const doc = {
      resultsDir: outDir, engine: backend, dataset: data.name, space: config.space, strategy: config.strategy, seed: config.seed,
      searchSeconds: supernetSeconds + result.seconds, ...(supernet && { supernetSeconds }), trials: result.records.length,
      trained: result.records.filter((r) => r.state === 'complete').length,
      rejected: result.records.filter((r) => r.state === 'infeasible').length,
      duplicates: result.records.filter((r) => r.state === 'duplicate').length,
      front: front.get(),
      export: exported,
      pareto,
      best: { trial: best.record.trial, genome: best.record.genome, hash: best.record.hash, params: best.record.params, macs: best.record.macs, limits: best.record.limits, searchValAccuracy: best.record.accuracy, testAccuracy: test.accuracy },
    };
    folder.writeSummary(doc);
    out.result(doc, () => [
      `searched ${doc.trials} candidates in ${doc.searchSeconds.toFixed(0)} s: ${doc.trained} trained, ${doc.rejected} rejected by the limits before training, ${doc.duplicates} repeats skipped`,
      `best: trial ${doc.best.trial}, ${doc.best.params} params, ${doc.best.macs} MACs, validation ${((doc.best.searchValAccuracy ?? 0) * 100).toFixed(2)}% at search fidelity`,
      `on ${config.device} (${config.runtime}): ${doc.best.limits.map((l) => `${l.name} ${Math.round(l.value)} of ${Math.round(l.limit)}`).join(', ')}`,
      `after ${config.finalEpochs} epochs of final training: test accuracy ${(test.accuracy * 100).toFixed(2)}% on ${test.n} ${data.name} test images`,
      graphSummary(best.graph),
      ...(pareto.length > 0 ? [`Pareto front (accuracy against peak SRAM), each exported at search fidelity: ${pareto.map((p) => `trial ${p.trial} ${'error' in p.export ? `(not exported: ${p.export.error})` : `int8 ${(p.export.int8Accuracy * 100).toFixed(1)}% in ${p.dir}`}`).join('; ')}`] : []),
      'error' in exported ? `int8 export failed: ${exported.error}` : `int8 on the first ${exported.evaluationSamples} test images: ${(exported.int8Accuracy * 100).toFixed(2)}% (float ${(exported.floatAccuracy * 100).toFixed(2)}%); ${exported.files.filter((f) => f.endsWith('.tflite')).map((f) => join(exported.outDir, f)).join(', ')}`,
      `results: ${join(outDir, 'summary.json')}, ${join(outDir, 'trials.jsonl')}, ${join(outDir, 'best')}/`,
    ].join('\n'));
  } finally {
    model.dispose();
  }
}
