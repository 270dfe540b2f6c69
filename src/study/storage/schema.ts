import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import { StorageFileError } from '../errors.js';

/** PRAGMA application_id of tinyevo study files ('tevo'), so a foreign SQLite file is recognised and left alone. */
export const APPLICATION_ID = 0x7465766f;

/** Migrations in order; the schema version is the number of migrations applied. Never edit one that shipped. */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE studies (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, config TEXT NOT NULL, created_at TEXT NOT NULL);
   CREATE TABLE trials (
     study_id INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE, trial INTEGER NOT NULL, state TEXT NOT NULL,
     key TEXT NOT NULL, genome TEXT NOT NULL, parents TEXT NOT NULL, hash TEXT, accuracy REAL, violation REAL, record TEXT,
     worker_id TEXT, heartbeat_ms INTEGER, proposed_ms INTEGER NOT NULL, finished_ms INTEGER,
     PRIMARY KEY (study_id, trial));
   CREATE INDEX trials_state ON trials (study_id, state);`,
  // 2: queue attempts (a trial that keeps killing workers ends as failed) and the study's open/closed status.
  `ALTER TABLE trials ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
   ALTER TABLE trials ADD COLUMN last_error TEXT;
   ALTER TABLE studies ADD COLUMN status TEXT NOT NULL DEFAULT 'open';`,
];

const SQLITE_HEADER = 'SQLite format 3\0';

/** Throws StorageFileError, without writing, when an existing non-empty file is not an SQLite database. */
export function checkHeader(path: string): void {
  if (!existsSync(path) || statSync(path).size === 0) return;
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(16);
  try {
    readSync(fd, buf, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (buf.toString('latin1') !== SQLITE_HEADER) {
    throw new StorageFileError(`storage ${path}: file must be a tinyevo study database (SQLite); got a file that is not SQLite. It was left untouched; pass another --storage FILE.`);
  }
}

/** Reads application_id and schema version, throwing StorageFileError for a corrupt, foreign or newer file. */
export function checkIdentity(db: BetterSqlite3.Database, path: string): { fresh: boolean; version: number } {
  let appId: number;
  let tables: number;
  try {
    appId = db.pragma('application_id', { simple: true }) as number;
    tables = (db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'`).get() as { n: number }).n;
  } catch (e) {
    throw new StorageFileError(`storage ${path}: file must be a readable SQLite database; got ${(e as Error).message}. It was left untouched; restore it from a backup or pass another --storage FILE.`);
  }
  if (appId === 0 && tables === 0) return { fresh: true, version: 0 };
  if (appId !== APPLICATION_ID) {
    throw new StorageFileError(`storage ${path}: file must be a tinyevo study database; got an SQLite file of another application (application_id ${appId}, ${tables} tables). It was left untouched; pass another --storage FILE.`);
  }
  const version = (db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
  if (version > MIGRATIONS.length) {
    throw new StorageFileError(`storage ${path}: schema version must be <= ${MIGRATIONS.length} for this tinyevo; got ${version}, written by a newer tinyevo. Upgrade tinyevo; the file was left untouched.`);
  }
  return { fresh: false, version };
}

/** Applies the migrations after `version` in one immediate transaction, recording each in schema_migrations. */
export function migrate(db: BetterSqlite3.Database, version: number): void {
  db.transaction(() => {
    if (version === 0) {
      db.pragma(`application_id = ${APPLICATION_ID}`);
      db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    }
    // Another process may have migrated between our check and this write lock.
    const now = (db.prepare('SELECT max(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
    for (let v = now + 1; v <= MIGRATIONS.length; v++) {
      db.exec(MIGRATIONS[v - 1] as string);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(v, new Date().toISOString());
    }
  }).immediate();
}
