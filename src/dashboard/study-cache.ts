import { paretoFront2, type TradeoffPoint } from '../report/front.js';
import type { StudyRow } from '../study/storage/types.js';
import { COST_NAMES, type CostName, type TrialTableRow } from './api-types.js';
import type { DashboardReader, FinishedTrial } from './reader.js';

/** A finished trial as kept in memory: the table's row. */
export type CachedTrial = TrialTableRow;

/** The trained points of one cost axis, append-only, and the Pareto front of the feasible ones. */
export class CostSeries {
  readonly trial: number[] = [];
  readonly cost: number[] = [];
  readonly accuracy: number[] = [];
  readonly feasible: number[] = [];
  /** Candidates rejected before training (state infeasible): their trial and cost, append-only. */
  readonly rejectedTrial: number[] = [];
  readonly rejectedCost: number[] = [];
  limit: number | null = null;
  front: TradeoffPoint[] = [];
  /** Milliseconds the last front update took. */
  frontMs = 0;
}

// A row committed by another process can carry a finish time a little older than rows already read (its clock was
// read before the other's commit); re-reading this window catches it, and the count check below catches the rest.
const LATE_COMMIT_WINDOW_MS = 10_000;
const costName = (n: string): CostName | null => ((COST_NAMES as readonly string[]).includes(n) ? (n as CostName) : null);

/**
 * What the dashboard knows of one study, updated incrementally: each refresh reads only trials finished since the
 * last one (finished trials never change), appends their points and merges them into each front, since the front of
 * A ∪ B is the front of (front(A) ∪ B). A 50,000-trial study is read once, then each poll costs its new trials.
 */
export class StudyCache {
  /** Finished trials in the order the dashboard read them (finish time, then trial number on the first read). */
  readonly order: CachedTrial[] = [];
  readonly series = new Map<CostName, CostSeries>();
  /** Finished trials by state. */
  readonly counts: Record<string, number> = {};
  readonly progress = { evaluation: [] as number[], seconds: [] as number[], best: [] as number[], trial: [] as number[] };
  private readonly seen = new Set<number>();
  private maxFinishedMs = -Infinity;
  private firstFinishedMs: number | null = null;
  private best: { trial: number; accuracy: number } | null = null;
  private lastRefreshMs = -Infinity;

  constructor(readonly study: StudyRow) {}

  /** The best feasible complete trial so far. */
  get bestTrial(): { trial: number; accuracy: number } | null {
    return this.best;
  }

  /** Seconds from the first to the last finished trial read. */
  get elapsedSeconds(): number {
    return this.firstFinishedMs === null ? 0 : Math.max(0, (this.maxFinishedMs - this.firstFinishedMs) / 1000);
  }

  /** Reads trials finished since the last refresh (at most once per `minIntervalMs`); returns how many were new. */
  refresh(reader: DashboardReader, minIntervalMs = 200): number {
    const now = Date.now();
    if (now - this.lastRefreshMs < minIntervalMs) return 0;
    this.lastRefreshMs = now;
    const id = this.study.id;
    const count = reader.finishedCount(id);
    if (count === this.seen.size) return 0;
    const since = this.maxFinishedMs === -Infinity ? -Number.MAX_SAFE_INTEGER : this.maxFinishedMs - LATE_COMMIT_WINDOW_MS;
    const fresh = reader.finishedSince(id, since).filter((t) => !this.seen.has(t.trial));
    if (this.seen.size + fresh.length < count) {
      const known = new Set([...this.seen, ...fresh.map((t) => t.trial)]);
      for (const n of reader.finishedNumbers(id)) {
        const t = known.has(n) ? null : reader.finishedOne(id, n);
        if (t) fresh.push(t);
      }
    }
    this.add(fresh);
    return fresh.length;
  }

  private add(fresh: readonly FinishedTrial[]): void {
    const newFeasible = new Map<CostName, TradeoffPoint[]>();
    for (const t of fresh) {
      this.seen.add(t.trial);
      this.counts[t.state] = (this.counts[t.state] ?? 0) + 1;
      this.order.push(cachedTrial(t));
      this.firstFinishedMs ??= t.finishedMs;
      this.maxFinishedMs = Math.max(this.maxFinishedMs, t.finishedMs);
      if (isFeasibleComplete(t) && (this.best === null || (t.accuracy as number) > this.best.accuracy)) {
        this.best = { trial: t.trial, accuracy: t.accuracy as number };
        this.progress.evaluation.push(this.order.length);
        this.progress.seconds.push((t.finishedMs - this.firstFinishedMs) / 1000);
        this.progress.best.push(this.best.accuracy);
        this.progress.trial.push(this.best.trial);
      }
      this.addPoints(t, newFeasible);
    }
    for (const [name, points] of newFeasible) {
      const s = this.series.get(name) as CostSeries;
      const t0 = performance.now();
      s.front = paretoFront2([...s.front, ...points]);
      s.frontMs = performance.now() - t0;
    }
  }

  private addPoints(r: FinishedTrial, newFeasible: Map<CostName, TradeoffPoint[]>): void {
    for (const l of r.limits) {
      const name = costName(l.name);
      if (name === null) continue;
      let s = this.series.get(name);
      if (!s) this.series.set(name, (s = new CostSeries()));
      s.limit ??= l.limit;
      if (r.state === 'infeasible') {
        s.rejectedTrial.push(r.trial);
        s.rejectedCost.push(l.value);
      }
      if (r.state !== 'complete' || r.accuracy === null) continue;
      const feasible = (r.violation ?? 0) <= 0;
      s.trial.push(r.trial);
      s.cost.push(l.value);
      s.accuracy.push(r.accuracy);
      s.feasible.push(feasible ? 1 : 0);
      if (!feasible) continue;
      let list = newFeasible.get(name);
      if (!list) newFeasible.set(name, (list = []));
      list.push({ trial: r.trial, cost: l.value, value: r.accuracy });
    }
  }
}

/** Whether a finished trial was trained and fits every limit (as the report's isFeasibleComplete). */
const isFeasibleComplete = (t: FinishedTrial): boolean => t.state === 'complete' && (t.violation ?? 0) <= 0 && t.accuracy !== null;

function cachedTrial(t: FinishedTrial): CachedTrial {
  const costs: Partial<Record<CostName, number>> = {};
  for (const l of t.limits) {
    const name = costName(l.name);
    if (name) costs[name] = l.value;
  }
  return {
    trial: t.trial, state: t.state, accuracy: t.accuracy, violation: t.violation, costs, params: t.params, macs: t.macs, seconds: t.seconds,
    finishedMs: t.finishedMs, error: t.error,
  };
}
