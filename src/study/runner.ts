import type { ArchGraph } from '../arch/types.js';
import { TinyevoError } from '../errors.js';
import type { Estimate, Estimator, Fidelity } from '../estimate/types.js';
import type { Proposal, Strategy } from '../search/types.js';
import type { SearchSpace } from '../space/types.js';
import type { OpenBatch } from './replay.js';
import type { StoredProposal } from './storage/types.js';
import { toldOf } from './told.js';
import { describeCandidate, trainCandidate, type Candidate } from './trial.js';
import type { ConstraintCheck, TrialRecord } from './types.js';

/** Thrown when no candidate meets the limits after many tries; the message gives the closest candidate's margins. */
export class NoFeasibleCandidateError extends TinyevoError {}

/**
 * Evaluates a batch of feasible candidates somewhere else (worker processes sharing the study's storage) and resolves
 * with their records, each already stored by the worker that made it.
 */
export interface RemoteEvaluator {
  evaluate(proposals: readonly StoredProposal[], signal?: AbortSignal): Promise<ReadonlyMap<number, TrialRecord>>;
}

/** Options of one search run. */
export interface RunnerOptions<G> {
  readonly space: SearchSpace<G>;
  readonly strategy: Strategy<G>;
  readonly estimator: Estimator;
  readonly fidelity: Fidelity;
  /** The cost check: pure and cheap, run before any training. */
  readonly check: (graph: ArchGraph) => ConstraintCheck;
  /** Stop starting new batches after this many seconds or this many trained candidates, whichever comes first. */
  readonly budgetSeconds: number;
  readonly maxEvaluations: number;
  /** Give up after this many rejected candidates while none has been feasible. */
  readonly maxRejections: number;
  /**
   * Proposals asked together; the strategy is told their results together, in trial order, once all are finished.
   * 1 (the default) is the sequential loop. The same seed and batch give the same search wherever trials run.
   */
  readonly batch?: number;
  /** Trains the feasible candidates of each batch in worker processes instead of in this one. */
  readonly remote?: RemoteEvaluator;
  /**
   * Called with every record, and awaited if it returns a promise, before the record is told to the strategy (write
   * it to storage here). `stored` is true when a worker already wrote it.
   */
  readonly record: (r: TrialRecord, stored: boolean) => unknown;
  /** Called (and awaited) with each proposal evaluated here, before it is checked or trained (store it as running here). */
  readonly propose?: (p: StoredProposal) => void | Promise<void>;
  /** Records of a resumed study, already replayed into the strategy: they count, and their architectures are not trained again. */
  readonly prior?: readonly TrialRecord[];
  /** The batch a resumed study stopped in (see replayStudy): evaluated first, except its finished trials. */
  readonly open?: OpenBatch<G> | null;
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

/** A complete record as the best result; its weights are those in memory, or none when it was trained elsewhere. */
function bestOf<G>(o: RunnerOptions<G>, r: TrialRecord, estimate: Estimate | null): NonNullable<RunResult<G>['best']> {
  const genome = o.space.fromJSON(r.genome);
  return { record: r, genome, graph: o.space.decode(genome), estimate: estimate ?? { accuracy: r.accuracy ?? 0, fidelity: o.fidelity, curve: r.curve, seconds: r.seconds, weights: [] } };
}

/** One proposal of a batch on its way to a record. */
interface Slot<G> {
  readonly p: Proposal<G>;
  readonly sp: StoredProposal;
  readonly c: Candidate;
  rec: TrialRecord | null;
  estimate: Estimate | null;
  /** True when the record was stored by a worker or before a crash (not to be stored again). */
  stored: boolean;
  /** The earlier slot of this batch with the same architecture, whose result this one repeats. */
  sameAs: Slot<G> | null;
}

/**
 * The runner owns the loop: ask a batch, decode, check cost against the limits (reject without training), train the
 * rest (here, or in workers), record, then tell. A candidate whose canonical hash was trained before is not trained
 * again: its earlier result is told.
 */
export async function runSearch<G>(o: RunnerOptions<G>): Promise<RunResult<G>> {
  const t0 = performance.now();
  const batch = o.batch ?? 1;
  const records: TrialRecord[] = [...(o.prior ?? [])];
  const trained = new Map<string, TrialRecord>(records.filter((r) => r.state === 'complete').map((r) => [r.hash, r]));
  const weightsOf = new Map<number, Estimate['weights']>();
  let best: RunResult<G>['best'] = null;
  for (const r of records) if (r.state === 'complete' && (!best || (r.accuracy ?? 0) > (best.record.accuracy ?? 0))) best = bestOf(o, r, null);
  let closest: TrialRecord | null = null;
  let rejected = records.filter((r) => r.state === 'infeasible').length;
  let evaluations = trained.size;
  let open = o.open ?? null;
  while ((performance.now() - t0) / 1000 < o.budgetSeconds && evaluations < o.maxEvaluations) {
    if (o.signal?.aborted) break;
    const props = open ? [...open.proposals] : o.strategy.ask(batch);
    const done = open?.finished ?? new Map<number, TrialRecord>();
    open = null;
    if (props.length === 0) break;
    const slots: Slot<G>[] = props.map((p) => {
      const sp = { trial: p.trial, genome: o.space.toJSON(p.genome), key: o.space.key(p.genome), parents: p.parents };
      const prev = done.get(p.trial);
      return { p, sp, c: describeCandidate(o.space, o.check, sp), rec: prev ?? null, estimate: null, stored: prev !== undefined, sameAs: null };
    });
    const toTrain: Slot<G>[] = [];
    for (const s of slots) {
      if (s.rec) continue;
      const { base } = s.c;
      const earlier = trained.get(base.hash);
      const twin = toTrain.find((t) => t.c.base.hash === base.hash);
      if (base.violation > 0) {
        s.rec = { ...base, state: 'infeasible', accuracy: null, curve: [], seconds: 0 };
        if (!closest || base.violation < closest.violation) closest = s.rec;
        if (++rejected >= o.maxRejections && trained.size === 0) {
          throw new NoFeasibleCandidateError(`search: no candidate met the limits after ${rejected} rejections; ${describeClosest(closest)}. Relax the limits or use a space with smaller networks.`);
        }
      } else if (earlier) {
        s.rec = { ...base, state: 'duplicate', accuracy: earlier.accuracy, curve: earlier.curve, seconds: 0 };
      } else if (twin) {
        s.sameAs = twin;
      } else {
        toTrain.push(s);
      }
      if (!o.remote || s.rec || s.sameAs) await o.propose?.(s.sp);
    }
    if (o.remote && toTrain.length > 0) {
      const got = await o.remote.evaluate(toTrain.map((s) => s.sp), o.signal);
      for (const s of toTrain) {
        s.rec = got.get(s.p.trial) ?? null;
        s.stored = true;
      }
    } else {
      for (const s of toTrain) {
        if (!o.remote) await o.propose?.(s.sp);
        const parent = s.p.parents[0];
        const start = o.inheritWeights && parent !== undefined ? weightsOf.get(parent) : undefined;
        const out = await trainCandidate({ estimator: o.estimator, fidelity: o.fidelity, ...(o.storeWeights && { storeWeights: o.storeWeights }) }, s.c, o.signal, start);
        s.rec = out.record;
        s.estimate = out.estimate;
        if (o.inheritWeights && out.estimate) {
          weightsOf.set(s.p.trial, out.estimate.weights);
          // Parents come from the recent population; keeping the last 256 bounds memory on long searches.
          if (weightsOf.size > 256) weightsOf.delete(weightsOf.keys().next().value as number);
        }
      }
    }
    for (const s of slots) {
      if (s.sameAs) {
        const first = s.sameAs.rec as TrialRecord;
        s.rec = first.state === 'complete'
          ? { ...s.c.base, state: 'duplicate', accuracy: first.accuracy, curve: first.curve, seconds: 0 }
          : { ...s.c.base, state: 'failed', accuracy: null, curve: [], seconds: 0, error: `same architecture as trial ${first.trial}, which ended ${first.state}` };
      }
      const rec = s.rec as TrialRecord;
      if (rec.state === 'complete' && !trained.has(rec.hash)) {
        trained.set(rec.hash, rec);
        evaluations++;
      }
      await o.record(rec, s.stored);
      records.push(rec);
      if (rec.state === 'complete' && (!best || (rec.accuracy ?? 0) > (best.record.accuracy ?? 0))) best = bestOf(o, rec, s.estimate);
    }
    o.strategy.tell(slots.map((s) => toldOf(s.p, s.rec as TrialRecord)));
  }
  return { records, best, seconds: (performance.now() - t0) / 1000 };
}
