import { totalMacs } from '../../src/arch/graph.js';
import type { ArchGraph } from '../../src/arch/types.js';
import type { Estimate, Estimator, Fidelity } from '../../src/estimate/types.js';
import { Evolution } from '../../src/search/evolution.js';
import { Nb201Space } from '../../src/space/nb201/index.js';
import { replayStudy } from '../../src/study/replay.js';
import { runSearch } from '../../src/study/runner.js';
import type { Storage } from '../../src/study/storage/types.js';
import { openStudy, studyHooks } from '../../src/study/study.js';
import type { ConstraintCheck } from '../../src/study/types.js';

/** A fast stand-in for training: accuracy from the MACs, after a short wait so a kill can land mid-evaluation. */
class SlowMacsEstimator implements Estimator {
  readonly name = 'slow-macs';
  constructor(private readonly delayMs: number) {}
  async estimate(graph: ArchGraph, fidelity: Fidelity): Promise<Estimate> {
    if (this.delayMs > 0) await new Promise((r) => setTimeout(r, this.delayMs));
    const accuracy = Math.min(0.99, totalMacs(graph) / 3e8);
    return { accuracy, fidelity, curve: [accuracy / 2, accuracy], seconds: this.delayMs / 1000, weights: [] };
  }
}

const LIMIT_MACS = 1.2e8;
const check = (g: ArchGraph): ConstraintCheck => {
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
}

/** Creates or resumes the study in `storage` and searches until `trials` candidates are trained. */
export async function runSyntheticStudy(storage: Storage, o: SyntheticStudyOptions): Promise<void> {
  const space = new Nb201Space();
  const strategy = new Evolution(space, { seed: o.seed, populationSize: 8 });
  const study = await openStudy(storage, o.name, { space: 'nb201', strategy: 'evolution', seed: o.seed, populationSize: 8, maxEvaluations: o.trials });
  const prior = replayStudy(strategy, space, study.rows);
  o.onReady?.(study.resumed, prior.length);
  await runSearch({
    space, strategy, estimator: new SlowMacsEstimator(o.delayMs), fidelity: { epochs: 1, trainFraction: 1, batchSize: 8 }, check,
    budgetSeconds: 600, maxEvaluations: o.trials, maxRejections: 10_000, prior, ...studyHooks(storage, study.id),
  });
}
