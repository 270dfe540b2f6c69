import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import { StorageFileError, StudyError } from '../study/errors.js';
import { checkHeader, checkIdentity } from '../study/storage/schema.js';
import type { StoredTrialState, StudyRow, TrialRow } from '../study/storage/types.js';
import type { TrialRecord } from '../study/types.js';

interface RawStudy { id: number; name: string; config: string; created_at: string; status?: string }
interface RawTrial { trial: number; state: string; key: string; genome: string; parents: string; record: string | null; proposed_ms: number; finished_ms: number | null; attempts?: number; last_error?: string | null }

/**
 * A study database opened read-only (SQLite `readonly`, no migration, no pragma that writes), so a report never
 * changes the file nor takes a write lock from a search that is running on it. Under WAL a reader sees the last
 * committed state and never blocks writers.
 */
export class ReadOnlyStudyStore {
  private readonly db: BetterSqlite3.Database;

  /** Opens `path`; throws StorageFileError when it is missing, not SQLite, foreign or from a newer tinyevo. */
  constructor(readonly path: string) {
    if (!existsSync(path)) throw new StorageFileError(`report: storage file must exist; got '${path}', which does not. Pass the study database with --storage FILE.`);
    checkHeader(path);
    this.db = openReadOnly(path);
    try {
      this.db.pragma('busy_timeout = 10000');
      checkIdentity(this.db, path);
      this.hasTables();
    } catch (e) {
      this.db.close();
      if (e instanceof StorageFileError) throw e;
      throw new StorageFileError(`report: storage ${path} must be readable; got ${(e as Error).message}. A WAL database needs its folder writable (for the -shm file) or a search running on it.`);
    }
  }

  /** Every study ordered by name (trial counts left empty: the report does not need them). */
  listStudies(): StudyRow[] {
    if (!this.hasTables()) return [];
    return (this.db.prepare('SELECT * FROM studies ORDER BY name').all() as RawStudy[]).map(toStudy);
  }

  /** The study `name`; throws StudyError listing the stored studies when there is none of that name. */
  loadStudy(name: string): StudyRow {
    const row = this.hasTables() ? (this.db.prepare('SELECT * FROM studies WHERE name = ?').get(name) as RawStudy | undefined) : undefined;
    if (row) return toStudy(row);
    const names = this.listStudies().map((s) => s.name);
    throw new StudyError(`report: study must be a stored study; got '${name}'. Stored in ${this.path}: ${names.length ? names.join(', ') : '(none)'}.`);
  }

  /** A study's trials ordered by trial number. */
  trials(studyId: number): TrialRow[] {
    return (this.db.prepare('SELECT * FROM trials WHERE study_id = ? ORDER BY trial').all(studyId) as RawTrial[]).map(toTrial);
  }

  /** Closes the file. */
  close(): void {
    if (this.db.open) this.db.close();
  }

  private hasTables(): boolean {
    return this.db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'studies'`).get() !== undefined;
  }
}

function openReadOnly(path: string): BetterSqlite3.Database {
  try {
    return new Database(path, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw new StorageFileError(`report: storage ${path} must open read-only; got ${(e as Error).message}. Check the file's permissions.`);
  }
}

function toStudy(s: RawStudy): StudyRow {
  return { id: s.id, name: s.name, config: JSON.parse(s.config) as unknown, createdAt: s.created_at, status: s.status === 'closed' ? 'closed' : 'open', counts: {} };
}

function toTrial(r: RawTrial): TrialRow {
  return {
    trial: r.trial, state: r.state as StoredTrialState, key: r.key, genome: JSON.parse(r.genome) as unknown, parents: JSON.parse(r.parents) as number[],
    record: r.record === null ? null : (JSON.parse(r.record) as TrialRecord), workerId: null, heartbeatMs: null, proposedMs: r.proposed_ms, finishedMs: r.finished_ms,
    attempts: r.attempts ?? 0, lastError: r.last_error ?? null,
  };
}
