import { SORT_KEYS, type SortKey, type TrialTableRow, type TrialsResponse } from './api-types.js';
import { DashboardError } from './errors.js';
import type { StudyCache } from './study-cache.js';

/** A trials-table request: page, sort column and direction, state filter and search text. */
export interface TableQuery {
  readonly offset: number;
  readonly limit: number;
  readonly sort: SortKey;
  readonly descending: boolean;
  readonly states: readonly string[];
  readonly text: string;
}

const STATES = ['pending', 'running', 'complete', 'infeasible', 'duplicate', 'failed'];
/** Rows a page may hold at most. */
export const MAX_PAGE = 500;

function intParam(p: URLSearchParams, name: string, fallback: number, min: number, max: number): number {
  const raw = p.get(name);
  if (raw === null || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new DashboardError(`dashboard: ${name} must be an integer from ${min} to ${max}; got '${raw}'.`);
  return n;
}

/** Parses and checks the table's query parameters; throws DashboardError (400) naming a bad one. */
export function parseTableQuery(p: URLSearchParams): TableQuery {
  const sort = p.get('sort') ?? 'trial';
  if (!(SORT_KEYS as readonly string[]).includes(sort)) throw new DashboardError(`dashboard: sort must be one of ${SORT_KEYS.join(', ')}; got '${sort}'.`);
  const order = p.get('order') ?? 'asc';
  if (order !== 'asc' && order !== 'desc') throw new DashboardError(`dashboard: order must be asc or desc; got '${order}'.`);
  const states = (p.get('state') ?? '').split(',').filter((s) => s !== '');
  const bad = states.find((s) => !STATES.includes(s));
  if (bad !== undefined) throw new DashboardError(`dashboard: state must be one of ${STATES.join(', ')} (comma-separated); got '${bad}'.`);
  return {
    offset: intParam(p, 'offset', 0, 0, Number.MAX_SAFE_INTEGER), limit: intParam(p, 'limit', 50, 1, MAX_PAGE), sort: sort as SortKey,
    descending: order === 'desc', states, text: (p.get('q') ?? '').trim().toLowerCase(),
  };
}

function sortValue(r: TrialTableRow, key: SortKey): number | string | null {
  switch (key) {
    case 'trial': return r.trial;
    case 'state': return r.state;
    case 'accuracy': return r.accuracy;
    case 'violation': return r.violation;
    case 'params': return r.params;
    case 'macs': return r.macs;
    case 'seconds': return r.seconds;
    case 'finished': return r.finishedMs;
    default: return r.costs[key] ?? null;
  }
}

/** Orders rows by `key` (missing values last in both directions, ties by trial number). */
function sortRows(rows: TrialTableRow[], key: SortKey, descending: boolean): TrialTableRow[] {
  const sign = descending ? -1 : 1;
  const keyed = rows.map((r) => ({ r, v: sortValue(r, key) }));
  keyed.sort((a, b) => {
    if (a.v === null || b.v === null) return a.v === b.v ? a.r.trial - b.r.trial : a.v === null ? 1 : -1;
    const c = a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
    return c !== 0 ? sign * c : a.r.trial - b.r.trial;
  });
  return keyed.map((k) => k.r);
}

const unfinishedRow = (trial: number, state: string): TrialTableRow => ({
  trial, state, accuracy: null, violation: null, costs: {}, params: null, macs: null, seconds: null, finishedMs: null, error: null,
});

/** The last sorted table of a cache, reused while nothing changed (paging through a 50,000-row table sorts once). */
const memo = new WeakMap<StudyCache, { key: string; rows: TrialTableRow[] }>();

/**
 * One page of the trials table, filtered, sorted and paged on the server: finished trials come from the cache,
 * queued and running ones from a small query made per request (their state changes as workers claim them).
 * `matching` holds the trials a text search found (null when there is no search text).
 */
export function trialsPage(cache: StudyCache, unfinished: readonly { trial: number; state: string }[], q: TableQuery, matching: ReadonlySet<number> | null): TrialsResponse {
  const key = JSON.stringify([q.sort, q.descending, q.states, q.text, cache.order.length, unfinished]);
  let rows = memo.get(cache)?.key === key ? (memo.get(cache)?.rows as TrialTableRow[]) : null;
  if (rows === null) {
    const wanted = (r: { trial: number; state: string }): boolean => (q.states.length === 0 || q.states.includes(r.state)) && (matching === null || matching.has(r.trial));
    const all: TrialTableRow[] = cache.order.filter(wanted);
    for (const u of unfinished) if (wanted(u)) all.push(unfinishedRow(u.trial, u.state));
    rows = sortRows(all, q.sort, q.descending);
    memo.set(cache, { key, rows });
  }
  return { total: rows.length, offset: q.offset, rows: rows.slice(q.offset, q.offset + q.limit), costs: [...cache.series.keys()] };
}
