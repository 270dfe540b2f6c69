import pg from 'pg';
import { DuplicateStudyError, StorageFileError, StudyError, TrialFinishedError } from '../errors.js';
import type { TrialRecord } from '../types.js';
import { alreadyFinished, duplicateStudy, keyChanged, unknownTrial } from './messages.js';
import {
  DEFAULT_MAX_ATTEMPTS, exhaustedRecord, FINISHED_STATES, type QueueStorage, type StoredProposal, type StoredTrialState, type StudyId,
  type StudyRow, type StudySpec, type StudyStatus, type TrialFilter, type TrialRow,
} from './types.js';

/** The PostgreSQL schema (namespace) that holds tinyevo's tables, so they never mix with a user's own. */
export const PG_SCHEMA = 'tinyevo';

/** Migrations in order; the schema version is the number applied. Never edit one that shipped. */
export const PG_MIGRATIONS: readonly string[] = [
  `CREATE TABLE ${PG_SCHEMA}.studies (
     id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL UNIQUE, config JSONB NOT NULL, created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
     status TEXT NOT NULL DEFAULT 'open');
   CREATE TABLE ${PG_SCHEMA}.trials (
     study_id BIGINT NOT NULL REFERENCES ${PG_SCHEMA}.studies(id) ON DELETE CASCADE, trial INTEGER NOT NULL, state TEXT NOT NULL,
     key TEXT NOT NULL, genome JSONB NOT NULL, parents JSONB NOT NULL, hash TEXT, accuracy DOUBLE PRECISION, violation DOUBLE PRECISION,
     record JSONB, worker_id TEXT, heartbeat_ms BIGINT, proposed_ms BIGINT NOT NULL, finished_ms BIGINT,
     attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT,
     PRIMARY KEY (study_id, trial));
   CREATE INDEX trials_state ON ${PG_SCHEMA}.trials (study_id, state, trial);`,
];

/** Advisory-lock key that serialises migrations between processes ('tevo'). */
const MIGRATION_LOCK = 0x7465766f;

interface RawTrial {
  trial: number; state: string; key: string; genome: unknown; parents: number[]; record: TrialRecord | null;
  worker_id: string | null; heartbeat_ms: number | null; proposed_ms: number; finished_ms: number | null; attempts: number; last_error: string | null;
}
interface RawStudy { id: number; name: string; config: unknown; created_at: Date; status: string }

// BIGINT (OID 20) as a JS number: trial times and ids stay far below 2^53.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

function toRow(r: RawTrial): TrialRow {
  return {
    trial: r.trial, state: r.state as StoredTrialState, key: r.key, genome: r.genome, parents: r.parents, record: r.record,
    workerId: r.worker_id, heartbeatMs: r.heartbeat_ms, proposedMs: r.proposed_ms, finishedMs: r.finished_ms, attempts: r.attempts, lastError: r.last_error,
  };
}

/** The URL with its password hidden, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}

const FINISHED_SQL = `(${FINISHED_STATES.map((s) => `'${s}'`).join(', ')})`;

/** Options of `PostgresStorage.open`. */
export interface PostgresStorageOptions {
  /** Connections the pool may hold (a worker needs 2: one for work, one for its heartbeat). */
  readonly maxConnections: number;
  /** Give up connecting after this long. */
  readonly connectTimeoutMs: number;
}

/**
 * Storage in a PostgreSQL database, for workers on several machines. Tables live in the `tinyevo` schema. A worker
 * claims a trial with `SELECT ... FOR UPDATE SKIP LOCKED` inside a transaction, so two workers never claim the same row
 * and neither waits on the other's lock. Each write is one transaction; a result is committed before finishTrial
 * resolves. JSON values are JSONB (the record comes back equal, not byte-identical).
 */
export class PostgresStorage implements QueueStorage {
  private constructor(readonly url: string, private readonly pool: pg.Pool) {}

  /**
   * Connects, checks that the database holds a tinyevo schema this version can read, and migrates it. Throws
   * StorageFileError (nothing written) when the server is unreachable, the login fails, or the schema is newer or foreign.
   */
  static async open(url: string, options: Partial<PostgresStorageOptions> = {}): Promise<PostgresStorage> {
    const where = `storage ${redactUrl(url)}`;
    const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 4, connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000, types });
    // An idle client's network error must not crash the process; the next query reports it.
    pool.on('error', () => {});
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (e) {
      await pool.end().catch(() => {});
      const err = e as { code?: string; message: string };
      throw new StorageFileError(`${where}: must be a reachable PostgreSQL database; got ${err.code ? `${err.code}: ` : ''}${err.message}. Check that the server runs, and the host, port, database, user and password in the URL.`);
    }
    try {
      await migrate(client, where);
    } catch (e) {
      client.release();
      await pool.end().catch(() => {});
      if (e instanceof StorageFileError) throw e;
      throw new StorageFileError(`${where}: could not prepare the tinyevo schema; got ${(e as Error).message}. The user needs CREATE rights on the database.`);
    }
    client.release();
    return new PostgresStorage(url, pool);
  }

  async createStudy(spec: StudySpec): Promise<StudyId> {
    try {
      const r = await this.pool.query<{ id: number }>(`INSERT INTO ${PG_SCHEMA}.studies (name, config) VALUES ($1, $2) RETURNING id`, [spec.name, JSON.stringify(spec.config ?? null)]);
      return r.rows[0]?.id as number;
    } catch (e) {
      if ((e as { code?: string }).code === '23505') throw new DuplicateStudyError(duplicateStudy(spec.name));
      throw e;
    }
  }

  async loadStudy(name: string): Promise<StudyRow | null> {
    const r = await this.pool.query<RawStudy>(`SELECT * FROM ${PG_SCHEMA}.studies WHERE name = $1`, [name]);
    const s = r.rows[0];
    return s ? this.studyRow(s) : null;
  }

  async listStudies(): Promise<readonly StudyRow[]> {
    const r = await this.pool.query<RawStudy>(`SELECT * FROM ${PG_SCHEMA}.studies ORDER BY name COLLATE "C"`);
    return Promise.all(r.rows.map((s) => this.studyRow(s)));
  }

  async deleteStudy(name: string): Promise<boolean> {
    return ((await this.pool.query(`DELETE FROM ${PG_SCHEMA}.studies WHERE name = $1`, [name])).rowCount ?? 0) > 0;
  }

  async setStudyStatus(study: StudyId, status: StudyStatus): Promise<void> {
    await this.pool.query(`UPDATE ${PG_SCHEMA}.studies SET status = $1 WHERE id = $2`, [status, study]);
  }

  async addProposal(study: StudyId, p: StoredProposal, workerId?: string): Promise<void> {
    await this.tx(async (c) => {
      const old = await c.query<RawTrial>(`SELECT * FROM ${PG_SCHEMA}.trials WHERE study_id = $1 AND trial = $2 FOR UPDATE`, [study, p.trial]);
      if (old.rows[0]) checkRequeue(toRow(old.rows[0]), p);
      const now = Date.now();
      await c.query(`INSERT INTO ${PG_SCHEMA}.trials (study_id, trial, state, key, genome, parents, worker_id, heartbeat_ms, proposed_ms) VALUES ($1, $2, 'running', $3, $4, $5, $6, $7, $7)
        ON CONFLICT (study_id, trial) DO UPDATE SET state = 'running', worker_id = excluded.worker_id, heartbeat_ms = excluded.heartbeat_ms`,
      [study, p.trial, p.key, JSON.stringify(p.genome ?? null), JSON.stringify(p.parents), workerId ?? null, now]);
    });
  }

  async enqueue(study: StudyId, p: StoredProposal): Promise<void> {
    await this.tx(async (c) => {
      const old = await c.query<RawTrial>(`SELECT * FROM ${PG_SCHEMA}.trials WHERE study_id = $1 AND trial = $2 FOR UPDATE`, [study, p.trial]);
      if (old.rows[0]) return checkRequeue(toRow(old.rows[0]), p);
      await c.query(`INSERT INTO ${PG_SCHEMA}.trials (study_id, trial, state, key, genome, parents, proposed_ms) VALUES ($1, $2, 'pending', $3, $4, $5, $6)`,
        [study, p.trial, p.key, JSON.stringify(p.genome ?? null), JSON.stringify(p.parents), Date.now()]);
    });
  }

  async claimPending(study: StudyId, workerId: string, leaseMs: number, maxAttempts = DEFAULT_MAX_ATTEMPTS): Promise<TrialRow | null> {
    return this.tx(async (c) => {
      for (;;) {
        const now = Date.now();
        // SKIP LOCKED: a row another worker is claiming right now is passed over, not waited for.
        const next = (await c.query<RawTrial>(`SELECT * FROM ${PG_SCHEMA}.trials WHERE study_id = $1 AND (state = 'pending' OR (state = 'running' AND worker_id IS NOT NULL AND heartbeat_ms < $2))
          ORDER BY trial LIMIT 1 FOR UPDATE SKIP LOCKED`, [study, now - leaseMs])).rows[0];
        if (!next) return null;
        if (next.attempts >= maxAttempts) {
          await finishRow(c, study, next.trial, exhaustedRecord(toRow(next)), now);
          continue;
        }
        const r = await c.query<RawTrial>(`UPDATE ${PG_SCHEMA}.trials SET state = 'running', worker_id = $1, heartbeat_ms = $2, attempts = attempts + 1
          WHERE study_id = $3 AND trial = $4 RETURNING *`, [workerId, now, study, next.trial]);
        return toRow(r.rows[0] as RawTrial);
      }
    });
  }

  async heartbeat(study: StudyId, trial: number, workerId: string): Promise<boolean> {
    const r = await this.pool.query(`UPDATE ${PG_SCHEMA}.trials SET heartbeat_ms = $1 WHERE study_id = $2 AND trial = $3 AND worker_id = $4 AND state = 'running'`, [Date.now(), study, trial, workerId]);
    return r.rowCount === 1;
  }

  async releaseTrial(study: StudyId, trial: number, workerId: string, error: string, refund = false): Promise<boolean> {
    const r = await this.pool.query(`UPDATE ${PG_SCHEMA}.trials SET state = 'pending', worker_id = NULL, heartbeat_ms = NULL, last_error = $1, attempts = greatest(0, attempts - $5)
      WHERE study_id = $2 AND trial = $3 AND worker_id = $4 AND state = 'running'`, [error, study, trial, workerId, refund ? 1 : 0]);
    return r.rowCount === 1;
  }

  async finishTrial(study: StudyId, trial: number, r: TrialRecord): Promise<void> {
    await this.tx(async (c) => {
      if (await finishRow(c, study, trial, r, Date.now())) return;
      const old = (await c.query<RawTrial>(`SELECT * FROM ${PG_SCHEMA}.trials WHERE study_id = $1 AND trial = $2`, [study, trial])).rows[0];
      if (!old) throw new StudyError(unknownTrial('finishTrial', trial));
      throw new TrialFinishedError(alreadyFinished('finishTrial', trial, old.state as StoredTrialState, old.record));
    });
  }

  async trials(study: StudyId, filter?: TrialFilter): Promise<readonly TrialRow[]> {
    const args: unknown[] = [study];
    let where = '';
    if (filter?.states) {
      args.push(filter.states);
      where += ` AND state = ANY($${args.length})`;
    }
    if (filter?.fromTrial !== undefined) {
      args.push(filter.fromTrial);
      where += ` AND trial >= $${args.length}`;
    }
    const r = await this.pool.query<RawTrial>(`SELECT * FROM ${PG_SCHEMA}.trials WHERE study_id = $1${where} ORDER BY trial`, args);
    return r.rows.map(toRow);
  }

  close(): Promise<void> {
    return this.pool.end().catch(() => {});
  }

  /** Runs `body` in one transaction on one pooled connection; rolls back on any error. */
  private async tx<T>(body: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      const out = await body(c);
      await c.query('COMMIT');
      return out;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      c.release();
    }
  }

  private async studyRow(s: RawStudy): Promise<StudyRow> {
    const counts: Record<string, number> = {};
    const r = await this.pool.query<{ state: string; n: number }>(`SELECT state, count(*)::int AS n FROM ${PG_SCHEMA}.trials WHERE study_id = $1 GROUP BY state`, [s.id]);
    for (const c of r.rows) counts[c.state] = c.n;
    return { id: s.id, name: s.name, config: s.config, createdAt: s.created_at.toISOString(), status: s.status as StudyStatus, counts };
  }
}

function checkRequeue(old: TrialRow, p: StoredProposal): void {
  if (FINISHED_STATES.includes(old.state)) throw new TrialFinishedError(alreadyFinished('addProposal', p.trial, old.state, old.record));
  if (old.key !== p.key) throw new StudyError(keyChanged(p.trial, old.key, p.key));
}

async function finishRow(c: pg.PoolClient, study: StudyId, trial: number, r: TrialRecord, now: number): Promise<boolean> {
  const res = await c.query(`UPDATE ${PG_SCHEMA}.trials SET state = $1, hash = $2, accuracy = $3, violation = $4, record = $5, worker_id = NULL, heartbeat_ms = NULL, finished_ms = $6
    WHERE study_id = $7 AND trial = $8 AND state NOT IN ${FINISHED_SQL}`, [r.state, r.hash, r.accuracy, r.violation, JSON.stringify(r), now, study, trial]);
  return res.rowCount === 1;
}

/** Checks the schema's identity and version, then applies the missing migrations under an advisory lock. */
async function migrate(c: pg.PoolClient, where: string): Promise<void> {
  await c.query('BEGIN');
  try {
    await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    const tables = (await c.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [PG_SCHEMA])).rows.map((r) => r.table_name);
    let version = 0;
    if (tables.length > 0) {
      if (!tables.includes('schema_migrations')) {
        throw new StorageFileError(`${where}: schema '${PG_SCHEMA}' must be tinyevo's; got one with other tables (${tables.slice(0, 5).join(', ')}). It was left untouched; use another database.`);
      }
      version = (await c.query<{ v: number | null }>(`SELECT max(version) AS v FROM ${PG_SCHEMA}.schema_migrations`)).rows[0]?.v ?? 0;
      if (version > PG_MIGRATIONS.length) {
        throw new StorageFileError(`${where}: schema version must be <= ${PG_MIGRATIONS.length} for this tinyevo; got ${version}, written by a newer tinyevo. Upgrade tinyevo; the database was left untouched.`);
      }
    } else {
      await c.query(`CREATE SCHEMA IF NOT EXISTS ${PG_SCHEMA}`);
      await c.query(`CREATE TABLE ${PG_SCHEMA}.schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
    }
    for (let v = version + 1; v <= PG_MIGRATIONS.length; v++) {
      await c.query(PG_MIGRATIONS[v - 1] as string);
      await c.query(`INSERT INTO ${PG_SCHEMA}.schema_migrations (version) VALUES ($1)`, [v]);
    }
    await c.query('COMMIT');
  } catch (e) {
    await c.query('ROLLBACK').catch(() => {});
    throw e;
  }
}
