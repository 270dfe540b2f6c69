import Database from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import { ReadOnlyStudyStore } from '../report/store.js';
import type { StudyRow } from '../study/storage/types.js';
import type { LimitCheck, TrialRecord } from '../study/types.js';
import { DashboardError } from './errors.js';

/**
 * A finished trial as the dashboard reads it for its charts and table: the record's figures, without the genome
 * and curve (read per trial for its page), when it finished (Unix ms).
 */
export interface FinishedTrial {
  readonly trial: number;
  readonly state: string;
  readonly finishedMs: number;
  readonly accuracy: number | null;
  readonly violation: number | null;
  readonly limits: readonly LimitCheck[];
  readonly params: number | null;
  readonly macs: number | null;
  readonly seconds: number | null;
  readonly error: string | null;
}

/** One trial row with everything the trial page shows. */
export interface TrialDetailRow {
  readonly trial: number;
  readonly state: string;
  readonly genome: unknown;
  readonly parents: readonly number[];
  readonly record: TrialRecord | null;
  readonly finishedMs: number | null;
  readonly lastError: string | null;
}

/** A row of FIGURES in raw (array) mode: trial, state, finished_ms, accuracy, violation, figures. */
type RawFinished = [number, string, number | null, number | null, number | null, string | null];
interface RawDetail { trial: number; state: string; genome: string; parents: string; record: string | null; finished_ms: number | null; last_error?: string | null }

const FINISHED = `state IN ('complete', 'infeasible', 'duplicate', 'failed')`;
// One json_extract with several paths parses each record once in SQLite and returns a small JSON array, so the
// genome, key and curve are never copied into JavaScript; rows come as arrays (raw mode). At 50,000 trials this
// reads in a third of the time of whole records and keeps megabytes of keys out of memory.
const FIGURES = `trial, state, finished_ms, accuracy, violation, json_extract(record, '$.limits', '$.params', '$.macs', '$.seconds', '$.error') AS figures`;
// Text search runs in SQLite over the fields the cache does not hold (key, hash, error); lower() and instr() make it
// a case-insensitive substring match.
const SEARCH = `SELECT trial FROM trials WHERE study_id = @study AND (instr(CAST(trial AS TEXT), @q) > 0 OR instr(state, @q) > 0 OR instr(lower(key), @q) > 0
  OR instr(lower(coalesce(hash, '')), @q) > 0 OR instr(lower(coalesce(json_extract(record, '$.error'), last_error, '')), @q) > 0)`;

/**
 * The dashboard's view of a study database: validated and listed through ReadOnlyStudyStore, and queried through a
 * second connection opened `readonly` for the incremental reads the report does not need. Neither connection ever
 * writes or takes a write lock, so a search running on the file is not disturbed (WAL readers never block writers).
 */
export class DashboardReader {
  readonly store: ReadOnlyStudyStore;
  private readonly db: BetterSqlite3.Database;
  private readonly stmts: ReturnType<DashboardReader['prepare']>;

  /** Opens `path`; throws StorageFileError (via ReadOnlyStudyStore) when it is missing or not a study database. */
  constructor(readonly path: string) {
    this.store = new ReadOnlyStudyStore(path);
    try {
      this.db = new Database(path, { readonly: true, fileMustExist: true });
      this.db.pragma('busy_timeout = 10000');
      this.stmts = this.prepare();
    } catch (e) {
      this.store.close();
      throw new DashboardError(`dashboard: storage ${path} must open read-only; got ${(e as Error).message}. Check the file's permissions.`);
    }
  }

  private prepare() {
    return {
      counts: this.db.prepare('SELECT state, count(*) AS n FROM trials WHERE study_id = ? GROUP BY state'),
      finishedCount: this.db.prepare(`SELECT count(*) AS n FROM trials WHERE study_id = ? AND ${FINISHED}`),
      finishedSince: this.db.prepare(`SELECT ${FIGURES} FROM trials WHERE study_id = ? AND ${FINISHED} AND finished_ms >= ?`).raw(),
      finishedNumbers: this.db.prepare(`SELECT trial FROM trials WHERE study_id = ? AND ${FINISHED}`),
      finishedOne: this.db.prepare(`SELECT ${FIGURES} FROM trials WHERE study_id = ? AND trial = ? AND ${FINISHED}`).raw(),
      search: this.db.prepare(SEARCH).pluck(),
      unfinished: this.db.prepare(`SELECT trial, state FROM trials WHERE study_id = ? AND state IN ('pending', 'running') ORDER BY trial`),
      detail: this.db.prepare('SELECT * FROM trials WHERE study_id = ? AND trial = ?'),
    };
  }

  /** Every study, ordered by name. */
  listStudies(): StudyRow[] {
    return this.store.listStudies();
  }

  /** The study `name`; throws DashboardError (status 404) listing the stored studies when there is none. */
  study(name: string): StudyRow {
    const found = this.store.listStudies().find((s) => s.name === name);
    if (found) return found;
    const names = this.store.listStudies().map((s) => s.name);
    throw new DashboardError(`dashboard: study must be a stored study; got '${name}'. Stored in ${this.path}: ${names.length ? names.join(', ') : '(none)'}.`, 404);
  }

  /** Trials of a study by stored state. */
  counts(studyId: number): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of this.stmts.counts.all(studyId) as { state: string; n: number }[]) counts[r.state] = r.n;
    return counts;
  }

  /** How many trials of the study are finished (cheap: the (study_id, state) index). */
  finishedCount(studyId: number): number {
    return (this.stmts.finishedCount.get(studyId) as { n: number }).n;
  }

  /** Finished trials whose finish time is at least `sinceMs`, in finish order (ties by trial number). */
  finishedSince(studyId: number, sinceMs: number): FinishedTrial[] {
    // Sorted here, not by SQL: there is no index on finish time, and a JS sort of the small rows is the faster one.
    return (this.stmts.finishedSince.all(studyId, sinceMs) as RawFinished[]).map(toFinished).sort((a, b) => a.finishedMs - b.finishedMs || a.trial - b.trial);
  }

  /** The numbers of every finished trial (to find ones a time-window read missed). */
  finishedNumbers(studyId: number): number[] {
    return (this.stmts.finishedNumbers.all(studyId) as { trial: number }[]).map((r) => r.trial);
  }

  /** One finished trial, or null when it is not finished. */
  finishedOne(studyId: number, trial: number): FinishedTrial | null {
    const r = this.stmts.finishedOne.get(studyId, trial) as RawFinished | undefined;
    return r ? toFinished(r) : null;
  }

  /** The numbers of the trials whose number, state, key, hash or error contains `text` (lower case). */
  search(studyId: number, text: string): Set<number> {
    return new Set(this.stmts.search.all({ study: studyId, q: text }) as number[]);
  }

  /** Trials queued or being evaluated, by number. */
  unfinished(studyId: number): { trial: number; state: string }[] {
    return this.stmts.unfinished.all(studyId) as { trial: number; state: string }[];
  }

  /** One trial's full row, or null. */
  detail(studyId: number, trial: number): TrialDetailRow | null {
    const r = this.stmts.detail.get(studyId, trial) as RawDetail | undefined;
    if (!r) return null;
    return {
      trial: r.trial, state: r.state, genome: JSON.parse(r.genome) as unknown, parents: JSON.parse(r.parents) as number[],
      record: r.record === null ? null : (JSON.parse(r.record) as TrialRecord), finishedMs: r.finished_ms, lastError: r.last_error ?? null,
    };
  }

  /** Closes both connections. */
  close(): void {
    if (this.db.open) this.db.close();
    this.store.close();
  }
}

type Figures = [LimitCheck[] | null, number | null, number | null, number | null, string | null];

function toFinished([trial, state, finishedMs, accuracy, violation, figures]: RawFinished): FinishedTrial {
  const [limits, params, macs, seconds, error] = (figures === null ? [null, null, null, null, null] : JSON.parse(figures)) as Figures;
  return { trial, state, finishedMs: finishedMs ?? 0, accuracy, violation, limits: limits ?? [], params, macs, seconds, error };
}
