import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import { DuplicateStudyError, StorageFileError, StudyError, TrialFinishedError } from '../errors.js';
import type { TrialRecord } from '../types.js';
import { alreadyFinished, duplicateStudy, keyChanged, unknownTrial } from './messages.js';
import { checkHeader, checkIdentity, migrate } from './schema.js';
import { DEFAULT_MAX_ATTEMPTS, exhaustedRecord, FINISHED_STATES, type QueueStorage, type StoredProposal, type StoredTrialState, type StudyId, type StudyRow, type StudySpec, type StudyStatus, type TrialFilter, type TrialRow } from './types.js';

/** The default study file, next to the results folders. */
export const DEFAULT_STORAGE_PATH = 'tinyevo-runs/studies.db';

/** Options of `SqliteStorage`. */
export interface SqliteStorageOptions {
  /** How long a writer waits for another process's lock before failing (SQLite busy_timeout). */
  readonly busyTimeoutMs: number;
}

interface RawTrial {
  trial: number; state: string; key: string; genome: string; parents: string; record: string | null;
  worker_id: string | null; heartbeat_ms: number | null; proposed_ms: number; finished_ms: number | null; attempts: number; last_error: string | null;
}
interface RawStudy { id: number; name: string; config: string; created_at: string; status: string }

function toRow(r: RawTrial): TrialRow {
  return {
    trial: r.trial, state: r.state as StoredTrialState, key: r.key, genome: JSON.parse(r.genome) as unknown, parents: JSON.parse(r.parents) as number[],
    record: r.record === null ? null : (JSON.parse(r.record) as TrialRecord), workerId: r.worker_id, heartbeatMs: r.heartbeat_ms, proposedMs: r.proposed_ms, finishedMs: r.finished_ms,
    attempts: r.attempts, lastError: r.last_error,
  };
}

const FINISHED_SQL = `(${FINISHED_STATES.map((s) => `'${s}'`).join(', ')})`;

/**
 * Storage in one SQLite file (WAL mode, busy_timeout), safe against crashes: each write is one transaction, and a
 * finished trial's row is committed before finishTrial resolves. A corrupt, foreign or newer file is refused with
 * StorageFileError and left untouched.
 */
export class SqliteStorage implements QueueStorage {
  readonly db: BetterSqlite3.Database;

  constructor(readonly path: string = DEFAULT_STORAGE_PATH, options: Partial<SqliteStorageOptions> = {}) {
    checkHeader(path);
    mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    try {
      const { version } = checkIdentity(this.db, path);
      this.db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = NORMAL');
      this.db.pragma('foreign_keys = ON');
      migrate(this.db, version);
    } catch (e) {
      this.db.close();
      if (e instanceof StorageFileError) throw e;
      throw new StorageFileError(`storage ${path}: file must be a usable SQLite database; got ${(e as Error).message}. Check the file and its folder's permissions.`);
    }
  }

  async createStudy(spec: StudySpec): Promise<StudyId> {
    try {
      return Number(this.db.prepare('INSERT INTO studies (name, config, created_at) VALUES (?, ?, ?)').run(spec.name, JSON.stringify(spec.config ?? null), new Date().toISOString()).lastInsertRowid);
    } catch (e) {
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new DuplicateStudyError(duplicateStudy(spec.name));
      throw e;
    }
  }

  async loadStudy(name: string): Promise<StudyRow | null> {
    const s = this.db.prepare('SELECT * FROM studies WHERE name = ?').get(name) as RawStudy | undefined;
    return s ? this.studyRow(s) : null;
  }

  async listStudies(): Promise<readonly StudyRow[]> {
    return (this.db.prepare('SELECT * FROM studies ORDER BY name').all() as RawStudy[]).map((s) => this.studyRow(s));
  }

  async deleteStudy(name: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM studies WHERE name = ?').run(name).changes > 0;
  }

  async addProposal(study: StudyId, p: StoredProposal, workerId?: string): Promise<void> {
    this.db.transaction(() => {
      const old = this.db.prepare('SELECT * FROM trials WHERE study_id = ? AND trial = ?').get(study, p.trial) as RawTrial | undefined;
      if (old) this.checkRequeue(toRow(old), p);
      const now = Date.now();
      this.db.prepare(`INSERT INTO trials (study_id, trial, state, key, genome, parents, worker_id, heartbeat_ms, proposed_ms) VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?)
        ON CONFLICT (study_id, trial) DO UPDATE SET state = 'running', worker_id = excluded.worker_id, heartbeat_ms = excluded.heartbeat_ms`)
        .run(study, p.trial, p.key, JSON.stringify(p.genome ?? null), JSON.stringify(p.parents), workerId ?? null, now, now);
    }).immediate();
  }

  async enqueue(study: StudyId, p: StoredProposal): Promise<void> {
    this.db.transaction(() => {
      const old = this.db.prepare('SELECT * FROM trials WHERE study_id = ? AND trial = ?').get(study, p.trial) as RawTrial | undefined;
      if (old) return this.checkRequeue(toRow(old), p);
      this.db.prepare(`INSERT INTO trials (study_id, trial, state, key, genome, parents, proposed_ms) VALUES (?, ?, 'pending', ?, ?, ?, ?)`)
        .run(study, p.trial, p.key, JSON.stringify(p.genome ?? null), JSON.stringify(p.parents), Date.now());
    }).immediate();
  }

  async claimPending(study: StudyId, workerId: string, leaseMs: number, maxAttempts = DEFAULT_MAX_ATTEMPTS): Promise<TrialRow | null> {
    // BEGIN IMMEDIATE takes the write lock first, so two workers never claim the same row (busy_timeout makes them wait).
    const row = this.db.transaction(() => {
      for (;;) {
        const now = Date.now();
        const next = this.db.prepare(`SELECT * FROM trials WHERE study_id = ? AND (state = 'pending' OR (state = 'running' AND worker_id IS NOT NULL AND heartbeat_ms < ?)) ORDER BY trial LIMIT 1`)
          .get(study, now - leaseMs) as RawTrial | undefined;
        if (!next) return undefined;
        if (next.attempts >= maxAttempts) {
          this.finishRow(study, next.trial, exhaustedRecord(toRow(next)), now);
          continue;
        }
        return this.db.prepare(`UPDATE trials SET state = 'running', worker_id = ?, heartbeat_ms = ?, attempts = attempts + 1 WHERE study_id = ? AND trial = ? RETURNING *`)
          .get(workerId, now, study, next.trial) as RawTrial;
      }
    }).immediate();
    return row ? toRow(row) : null;
  }

  async releaseTrial(study: StudyId, trial: number, workerId: string, error: string, refund = false): Promise<boolean> {
    return this.db.prepare(`UPDATE trials SET state = 'pending', worker_id = NULL, heartbeat_ms = NULL, last_error = ?, attempts = max(0, attempts - ?)
      WHERE study_id = ? AND trial = ? AND worker_id = ? AND state = 'running'`).run(error, refund ? 1 : 0, study, trial, workerId).changes === 1;
  }

  async setStudyStatus(study: StudyId, status: StudyStatus): Promise<void> {
    this.db.prepare('UPDATE studies SET status = ? WHERE id = ?').run(status, study);
  }

  async heartbeat(study: StudyId, trial: number, workerId: string): Promise<boolean> {
    return this.db.prepare(`UPDATE trials SET heartbeat_ms = ? WHERE study_id = ? AND trial = ? AND worker_id = ? AND state = 'running'`).run(Date.now(), study, trial, workerId).changes === 1;
  }

  async finishTrial(study: StudyId, trial: number, r: TrialRecord): Promise<void> {
    this.db.transaction(() => {
      if (this.finishRow(study, trial, r, Date.now())) return;
      const old = this.db.prepare('SELECT * FROM trials WHERE study_id = ? AND trial = ?').get(study, trial) as RawTrial | undefined;
      if (!old) throw new StudyError(unknownTrial('finishTrial', trial));
      const row = toRow(old);
      throw new TrialFinishedError(alreadyFinished('finishTrial', trial, row.state, row.record));
    }).immediate();
  }

  async trials(study: StudyId, filter?: TrialFilter): Promise<readonly TrialRow[]> {
    const states = filter?.states;
    const where = (states ? ` AND state IN (${states.map(() => '?').join(', ')})` : '') + (filter?.fromTrial !== undefined ? ' AND trial >= ?' : '');
    const args = [...(states ?? []), ...(filter?.fromTrial !== undefined ? [filter.fromTrial] : [])];
    const rows = this.db.prepare(`SELECT * FROM trials WHERE study_id = ?${where} ORDER BY trial`).all(study, ...args) as RawTrial[];
    return rows.map(toRow);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Writes a record on an unfinished trial; false when the trial is missing or finished. */
  private finishRow(study: StudyId, trial: number, r: TrialRecord, now: number): boolean {
    return this.db.prepare(`UPDATE trials SET state = ?, hash = ?, accuracy = ?, violation = ?, record = ?, worker_id = NULL, heartbeat_ms = NULL, finished_ms = ?
      WHERE study_id = ? AND trial = ? AND state NOT IN ${FINISHED_SQL}`).run(r.state, r.hash, r.accuracy, r.violation, JSON.stringify(r), now, study, trial).changes === 1;
  }

  private checkRequeue(old: TrialRow, p: StoredProposal): void {
    if (FINISHED_STATES.includes(old.state)) throw new TrialFinishedError(alreadyFinished('addProposal', p.trial, old.state, old.record));
    if (old.key !== p.key) throw new StudyError(keyChanged(p.trial, old.key, p.key));
  }

  private studyRow(s: RawStudy): StudyRow {
    const counts: Record<string, number> = {};
    for (const c of this.db.prepare('SELECT state, count(*) AS n FROM trials WHERE study_id = ? GROUP BY state').all(s.id) as { state: string; n: number }[]) counts[c.state] = c.n;
    return { id: s.id, name: s.name, config: JSON.parse(s.config) as unknown, createdAt: s.created_at, status: s.status as StudyStatus, counts };
  }
}
