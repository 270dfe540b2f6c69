// The JSON documents the dashboard's HTTP API returns. Shared by the server (src/dashboard/) and the web app
// (src/dashboard/web/), so both sides agree on every field; plain data, no DOM or Node types.

/** The cost axes a front can be drawn against: the names of the device limits a record carries. */
export const COST_NAMES = ['sram', 'flash', 'latency', 'energy', 'macs'] as const;
/** One cost axis (bytes for sram/flash, ms for latency, uJ for energy, MACs). */
export type CostName = (typeof COST_NAMES)[number];

/** `GET /api/studies`: every stored study with its trial counts. */
export interface StudiesResponse {
  readonly storage: string;
  readonly studies: readonly StudyListItem[];
}

/** One study of the list. */
export interface StudyListItem {
  readonly name: string;
  readonly status: 'open' | 'closed';
  readonly createdAt: string;
  /** Trials by stored state (pending, running, complete, infeasible, duplicate, failed). */
  readonly counts: Readonly<Record<string, number>>;
  readonly total: number;
}

/** Best feasible accuracy as a step series: one entry per improvement (evaluation is 1-based, in finish order). */
export interface ProgressSeries {
  readonly evaluation: readonly number[];
  /** Seconds from the study's first finished trial to this one. */
  readonly seconds: readonly number[];
  readonly best: readonly number[];
  readonly trial: readonly number[];
}

/** `GET /api/studies/:name`: a study's summary and progress. */
export interface StudySummaryResponse {
  readonly name: string;
  readonly status: 'open' | 'closed';
  readonly createdAt: string;
  readonly config: unknown;
  readonly counts: Readonly<Record<string, number>>;
  readonly total: number;
  /** Finished trials the dashboard has read; grows while a search runs (the page re-reads the front when it does). */
  readonly finished: number;
  /** Cost axes the records carry, with each one's device limit. */
  readonly costs: readonly { readonly name: CostName; readonly limit: number }[];
  readonly progress: ProgressSeries;
  /** Evaluations so far and seconds from the first to the last finished trial (the x range of the progress chart). */
  readonly evaluations: number;
  readonly elapsedSeconds: number;
  readonly best: { readonly trial: number; readonly accuracy: number } | null;
}

/** Columns of trained trials for a scatter (index i of each array is one trial). */
export interface PointColumns {
  readonly trial: readonly number[];
  readonly cost: readonly number[];
  readonly accuracy: readonly number[];
  /** 1 = within every limit, 0 = trained but over a limit. */
  readonly feasible: readonly number[];
}

/** `GET /api/studies/:name/front?cost=C&from=K&rejectedFrom=R`: the points from index K on (append-only), the rejected candidates from R on, and the whole front. */
export interface FrontResponse {
  readonly cost: CostName;
  readonly limit: number | null;
  /** Points stored for this cost in all; a client that holds K points asks `from=K` next time. */
  readonly total: number;
  readonly from: number;
  readonly points: PointColumns;
  /** Candidates rejected by the limits before training (no accuracy), from index `rejectedFrom` on: drawn as ticks on the cost axis. */
  readonly rejected: { readonly trial: readonly number[]; readonly cost: readonly number[] };
  readonly rejectedTotal: number;
  readonly rejectedFrom: number;
  /** The Pareto front of feasible points (maximise accuracy, minimise cost), ordered by cost. */
  readonly front: readonly { readonly trial: number; readonly cost: number; readonly value: number }[];
  /** Milliseconds the server spent updating the front for this request. */
  readonly frontMs: number;
}

/** One row of the trials table. */
export interface TrialTableRow {
  readonly trial: number;
  readonly state: string;
  readonly accuracy: number | null;
  readonly violation: number | null;
  readonly costs: Readonly<Partial<Record<CostName, number>>>;
  readonly params: number | null;
  readonly macs: number | null;
  readonly seconds: number | null;
  readonly finishedMs: number | null;
  readonly error: string | null;
}

/** Sortable columns of the trials table. */
export const SORT_KEYS = ['trial', 'state', 'accuracy', 'violation', 'params', 'macs', 'seconds', 'finished', ...COST_NAMES] as const;
/** One sortable column. */
export type SortKey = (typeof SORT_KEYS)[number];

/** `GET /api/studies/:name/trials?offset&limit&sort&order&state&q`: one page of the filtered, sorted table. */
export interface TrialsResponse {
  /** Rows that match the filter (all pages). */
  readonly total: number;
  readonly offset: number;
  readonly rows: readonly TrialTableRow[];
  readonly costs: readonly CostName[];
}

/** A limit's figures for the trial page. */
export interface LimitRow {
  readonly name: string;
  readonly value: number;
  readonly limit: number;
  readonly margin: number;
}

/** `GET /api/studies/:name/trials/:n`: one trial's details, with its drawings as inline SVG. */
export interface TrialDetailResponse {
  readonly study: string;
  readonly trial: number;
  readonly state: string;
  readonly accuracy: number | null;
  readonly violation: number | null;
  readonly params: number | null;
  readonly macs: number | null;
  readonly seconds: number | null;
  readonly parents: readonly number[];
  readonly curve: readonly number[];
  readonly limits: readonly LimitRow[];
  readonly error: string | null;
  /** The architecture drawn as a graph (peak-SRAM op in red), or null with `drawError` saying why. */
  readonly archSvg: string | null;
  /** Arena bytes live at each op step, the peak op marked. */
  readonly sramSvg: string | null;
  readonly peakOp: string | null;
  readonly cost: { readonly device: string; readonly runtime: string; readonly peakSramBytes: number; readonly flashBytes: number; readonly latencyMs: number; readonly energyUj: number } | null;
  readonly drawError: string | null;
  /** Stored files of this trial that `GET /api/studies/:name/files/:file` serves (its weights). */
  readonly files: readonly string[];
}

/** Every error response: a one-line message naming the value and what is allowed. */
export interface ErrorResponse {
  readonly error: string;
}
