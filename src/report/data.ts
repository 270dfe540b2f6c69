import type { StudyRow, TrialRow } from '../study/storage/types.js';
import type { TrialRecord } from '../study/types.js';
import { paretoFront2, type TradeoffPoint } from './front.js';

/** One point of a cost/accuracy scatter: a finished trial with an accuracy and a value for the limit. */
export interface ScatterPoint extends TradeoffPoint {
  readonly feasible: boolean;
}

/** A scatter of accuracy against one limit ('sram' or 'flash'), its limit and its Pareto front over feasible points. */
export interface LimitScatter {
  readonly limitName: string;
  readonly limit: number | null;
  readonly points: readonly ScatterPoint[];
  /** Candidates rejected by the limits before training: a cost but no accuracy (drawn along the x axis). */
  readonly rejected: readonly { readonly trial: number; readonly cost: number }[];
  readonly front: readonly TradeoffPoint[];
}

/** Everything the report shows except the best model's analysis, computed from the stored trials. */
export interface StudySummary {
  readonly study: StudyRow;
  readonly counts: Readonly<Record<string, number>>;
  /** Best feasible accuracy after each finished trial: [evaluation number (1-based), accuracy or null]. */
  readonly progress: readonly (readonly [number, number | null])[];
  readonly sram: LimitScatter;
  readonly flash: LimitScatter;
  /** The 10 most accurate complete feasible trials, best first. */
  readonly top: readonly TrialRecord[];
  /** Per top trial, whether it can be exported (see exportStatusOf); absent when the report was not given the artifacts. */
  readonly exportStatus?: ReadonlyMap<number, string>;
}

/** Whether a record is a trained candidate within every limit. */
export const isFeasibleComplete = (r: TrialRecord): boolean => r.state === 'complete' && r.violation <= 0 && r.accuracy !== null;

function countStates(rows: readonly TrialRow[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of rows) counts[r.state] = (counts[r.state] ?? 0) + 1;
  return counts;
}

function progressOf(records: readonly TrialRecord[]): [number, number | null][] {
  let best: number | null = null;
  return records.map((r, i) => {
    if (isFeasibleComplete(r) && (best === null || (r.accuracy as number) > best)) best = r.accuracy;
    return [i + 1, best];
  });
}

/** The scatter of accuracy against the limit named `limitName` over records that have both figures. */
export function limitScatter(records: readonly TrialRecord[], limitName: string): LimitScatter {
  const points: ScatterPoint[] = [];
  const rejected: { trial: number; cost: number }[] = [];
  let limit: number | null = null;
  for (const r of records) {
    const l = r.limits.find((x) => x.name === limitName);
    if (!l) continue;
    limit ??= l.limit;
    if (r.state === 'infeasible') rejected.push({ trial: r.trial, cost: l.value });
    else if (r.state === 'complete' && r.accuracy !== null) points.push({ trial: r.trial, cost: l.value, value: r.accuracy, feasible: r.violation <= 0 });
  }
  return { limitName, limit, points, rejected, front: paretoFront2(points.filter((p) => p.feasible)) };
}

/** The 10 (or `n`) most accurate complete feasible records, best first (ties: lower trial first). */
export function topModels(records: readonly TrialRecord[], n = 10): TrialRecord[] {
  return records.filter(isFeasibleComplete).sort((a, b) => (b.accuracy as number) - (a.accuracy as number) || a.trial - b.trial).slice(0, n);
}

/** Summarises a study's stored trials (finished ones, in trial order) for the report. */
export function summarise(study: StudyRow, rows: readonly TrialRow[]): StudySummary {
  const records = rows.flatMap((r) => (r.record ? [r.record] : []));
  return {
    study, counts: countStates(rows), progress: progressOf(records),
    sram: limitScatter(records, 'sram'), flash: limitScatter(records, 'flash'), top: topModels(records),
  };
}
