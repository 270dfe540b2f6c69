import { totalMacs, totalParams } from '../arch/graph.js';
import { canonicalHash } from '../arch/hash.js';
import type { ArchGraph } from '../arch/types.js';
import { EngineError, TinyevoError } from '../errors.js';
import type { Estimate, Estimator, Fidelity } from '../estimate/types.js';
import type { Strategy } from '../search/types.js';
import type { SearchSpace } from '../space/types.js';
import type { StoredProposal } from './storage/types.js';
import { toldOf } from './told.js';
import type { ConstraintCheck, TrialRecord } from './types.js';

/** Thrown when no candidate meets the limits after many tries; the message gives the closest candidate's margins. */
export class NoFeasibleCandidateError extends TinyevoError {}

/** Options of one search run. */
export interface RunnerOptions<G> {
  readonly space: SearchSpace<G>;
  readonly strategy: Strategy<G>;
  readonly estimator: Estimator;
  readonly fidelity: Fidelity;
  /** The cost check: pure and cheap, run before any training. */
  readonly check: (graph: ArchGraph) => ConstraintCheck;
  /** Stop starting new trials after this many seconds or this many trained candidates, whichever comes first. */
  readonly budgetSeconds: number;
  readonly maxEvaluations: number;
  /** Give up after this many rejected candidates while none has been feasible. */
  readonly maxRejections: number;
  /** Called with every record, and awaited if it returns a promise, before the record is told to the strategy (write it to storage here). */
  readonly record: (r: TrialRecord) => unknown;
  /** Called (and awaited) with each proposal before it is checked or trained (store it as running here). */
  readonly propose?: (p: StoredProposal) => void | Promise<void>;
  /** Records of a resumed study, already replayed into the strategy: they count, and their architectures are not trained again. */
  readonly prior?: readonly TrialRecord[];
  /** Start each child from its first parent's trained weights where names and shapes match (weight inheritance). */
  readonly inheritWeights?: boolean;
  /** Stores a complete trial's weights before its record (returns the reference the record keeps). */
  readonly storeWeights?: (trial: number, weights: Estimate['weights']) => TrialRecord['weights'];
  readonly signal?: AbortSignal;
}

/** The outcome of a search: every record, and the best complete one with its weights. */
export interface RunResult<G> {
  readonly records: readonly TrialRecord[];
  readonly best: { readonly record: TrialRecord; readonly genome: G; readonly graph: ArchGraph; readonly estimate: Estimate } | null;
  readonly seconds: number;
}

function describeClosest(closest: TrialRecord | null): string {
  if (!closest) return 'no candidate was checked';
  return `the closest (trial ${closest.trial}) had ${closest.limits.map((l) => `${l.name} ${l.value} vs limit ${l.limit} (margin ${l.margin})`).join(', ')}`;
}

/** The best complete record of a resumed study, decoded again (its weights are not stored, so they are empty). */
function bestOfPrior<G>(o: RunnerOptions<G>): RunResult<G>['best'] {
  let top: TrialRecord | null = null;
  for (const r of o.prior ?? []) if (r.state === 'complete' && (!top || (r.accuracy ?? 0) > (top.accuracy ?? 0))) top = r;
  if (!top) return null;
  const genome = o.space.fromJSON(top.genome);
  return { record: top, genome, graph: o.space.decode(genome), estimate: { accuracy: top.accuracy ?? 0, fidelity: o.fidelity, curve: top.curve, seconds: top.seconds, weights: [] } };
}

/**
 * The runner owns the loop: ask, decode, check cost against the limits (reject without training), estimate, record,
 * then tell. A candidate whose canonical hash was trained before is not trained again: its earlier result is told.
 */
export async function runSearch<G>(o: RunnerOptions<G>): Promise<RunResult<G>> {
  const t0 = performance.now();
  const records: TrialRecord[] = [...(o.prior ?? [])];
  const trained = new Map<string, TrialRecord>(records.filter((r) => r.state === 'complete').map((r) => [r.hash, r]));
  const weightsOf = new Map<number, Estimate['weights']>();
  let best = bestOfPrior(o);
  let closest: TrialRecord | null = null;
  let rejected = records.filter((r) => r.state === 'infeasible').length;
  let evaluations = trained.size;
  while ((performance.now() - t0) / 1000 < o.budgetSeconds && evaluations < o.maxEvaluations) {
    if (o.signal?.aborted) break;
    const [p] = o.strategy.ask(1);
    if (!p) break;
    const graph = o.space.decode(p.genome);
    const hash = canonicalHash(graph);
    const check = o.check(graph);
    const base = { trial: p.trial, genome: o.space.toJSON(p.genome), key: o.space.key(p.genome), hash, parents: p.parents, violation: check.violation, limits: check.limits, params: totalParams(graph), macs: totalMacs(graph) };
    await o.propose?.({ trial: p.trial, genome: base.genome, key: base.key, parents: p.parents });
    let rec: TrialRecord;
    let estimate: Estimate | null = null;
    const earlier = trained.get(hash);
    if (check.violation > 0) {
      rec = { ...base, state: 'infeasible', accuracy: null, curve: [], seconds: 0 };
      if (!closest || check.violation < closest.violation) closest = rec;
      if (++rejected >= o.maxRejections && trained.size === 0) {
        throw new NoFeasibleCandidateError(`search: no candidate met the limits after ${rejected} rejections; ${describeClosest(closest)}. Relax the limits or use a space with smaller networks.`);
      }
    } else if (earlier) {
      rec = { ...base, state: 'duplicate', accuracy: earlier.accuracy, curve: earlier.curve, seconds: 0 };
    } else {
      try {
        const parent = p.parents[0];
        estimate = await o.estimator.estimate(graph, o.fidelity, o.signal, o.inheritWeights && parent !== undefined ? weightsOf.get(parent) : undefined);
        if (o.inheritWeights) {
          weightsOf.set(p.trial, estimate.weights);
          // Parents come from the recent population; keeping the last 256 bounds memory on long searches.
          if (weightsOf.size > 256) weightsOf.delete(weightsOf.keys().next().value as number);
        }
        rec = { ...base, state: 'complete', accuracy: estimate.accuracy, curve: estimate.curve, seconds: estimate.seconds,
          ...(estimate.floatAccuracy !== undefined && { floatAccuracy: estimate.floatAccuracy }), ...(estimate.stoppedAtEpoch !== undefined && { stoppedAtEpoch: estimate.stoppedAtEpoch }),
          ...(o.storeWeights && estimate.weights.length > 0 && { weights: o.storeWeights(p.trial, estimate.weights) }) };
        trained.set(hash, rec);
        evaluations++;
      } catch (e) {
        if (!(e instanceof EngineError)) throw e;
        rec = { ...base, state: 'failed', accuracy: null, curve: [], seconds: 0, error: e.message };
      }
    }
    await o.record(rec);
    records.push(rec);
    if (estimate && (!best || (rec.accuracy ?? 0) > (best.record.accuracy ?? 0))) best = { record: rec, genome: p.genome, graph, estimate };
    o.strategy.tell([toldOf(p, rec)]);
  }
  return { records, best, seconds: (performance.now() - t0) / 1000 };
}
