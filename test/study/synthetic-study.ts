import { totalMacs } from '../../src/arch/graph.js';
import type { ArchGraph } from '../../src/arch/types.js';
import type { Estimate, Estimator, Fidelity } from '../../src/estimate/types.js';
import { Evolution } from '../../src/search/evolution.js';
import { Nb201Space } from '../../src/space/nb201/index.js';
import { replayStudy } from '../../src/study/replay.js';
import { runSearch } from '../../src/study/runner.js';
import type { QueueStorage, Storage } from '../../src/study/storage/types.js';
import { QueueEvaluator } from '../../src/study/queue.js';
import { startWorkerChildren } from './worker-harness.js';
import { openStudy, studyHooks } from '../../src/study/study.js';
import type { ConstraintCheck } from '../../src/study/types.js';

/** A fast stand-in for training: accuracy from the MACs, after a short wait so a kill can land mid-evaluation. */
export class SlowMacsEstimator implements Estimator {
  readonly name = 'slow-macs';
  constructor(private readonly delayMs: number) {}
  async estimate(graph: ArchGraph, fidelity: Fidelity): Promise<Estimate> {
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    const accuracy = Math.min(0.99, totalMacs(graph) / 3e8);
    return { accuracy, fidelity, curve: [accuracy / 2, accuracy], seconds: this.delayMs / 1000, weights: [] };
  }
}

const LIMIT_MACS = 1.2e8;
export const check = (g: ArchGraph): ConstraintCheck => {
  const value = totalMacs(g);
  return { violation: Math.max(0, (value - LIMIT_MACS) / LIMIT_MACS), limits: [{ name: 'macs', value, limit: LIMIT_MACS, margin: LIMIT_MACS - value }] };
};

/** Options of one synthetic study run: NB201 space, REA with `seed`, `trials` trained candidates. */
export interface SyntheticStudyOptions {
  readonly name: string;
  readonly seed: number;
  readonly trials: number;
  readonly delayMs: number;
  /** Called once the study is open and replayed, before any new trial. */
  readonly onReady?: (resumed: boolean, replayed: number) => void;
  /** Proposals per batch (default 1). */
  readonly batch?: number;
  /** Train in this many worker processes (worker-child.js) on the storage at `storage` instead of in this process. */
  readonly workers?: { readonly count: number; readonly storage: string; readonly leaseMs?: number };
}

/** The synthetic study's fidelity (the workers use the same). */
export const FIDELITY = { epochs: 1, trainFraction: 1, batchSize: 8 };

/** Creates or resumes the study in `storage` and searches until `trials` candidates are trained. */
export async function runSyntheticStudy(storage: Storage, o: SyntheticStudyOptions): Promise<void> {
  const space = new Nb201Space();
  const strategy = new Evolution(space, { seed: o.seed, populationSize: 8 });
  const batch = o.batch ?? 1;
  const study = await openStudy(storage, o.name, { space: 'nb201', strategy: 'evolution', seed: o.seed, populationSize: 8, maxEvaluations: o.trials, ...(batch > 1 && { batch }) });
  const replayed = replayStudy(strategy, space, study.rows, batch);
  await storage.setStudyStatus(study.id, 'open');
  const pool = o.workers ? startWorkerChildren(o.workers.count, { storage: o.workers.storage, name: o.name, delayMs: o.delayMs, leaseMs: o.workers.leaseMs ?? 10_000 }) : null;
  o.onReady?.(study.resumed, replayed.records.length);
  try {
    await runSearch({
      space, strategy, estimator: new SlowMacsEstimator(o.delayMs), fidelity: FIDELITY, check, batch,
      ...(pool && { remote: new QueueEvaluator(storage as QueueStorage, study.id, { pollMs: 5, stalled: () => pool.stalled() }) }),
      budgetSeconds: 600, maxEvaluations: o.trials, maxRejections: 10_000, prior: replayed.records, open: replayed.open, ...studyHooks(storage, study.id),
    });
  } finally {
    await storage.setStudyStatus(study.id, 'closed');
    await pool?.close();
  }
}
