import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { StorageFileError } from '../../src/study/errors.js';
import { MemoryStorage } from '../../src/study/storage/memory.js';
import { MIGRATIONS } from '../../src/study/storage/schema.js';
import { SqliteStorage } from '../../src/study/storage/sqlite.js';
import { fakeTrial, queueContract, storageContract } from './storage-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'tinyevo-storage-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

storageContract('memory', () => new MemoryStorage());
storageContract('sqlite', () => new SqliteStorage(join(dir, `contract-${n++}.db`)));
queueContract('sqlite', () => new SqliteStorage(join(dir, `queue-${n++}.db`)));

test('storage sqlite: a study and its finished trials survive closing and reopening the file (WAL mode)', async () => {
  const path = join(dir, 'reopen.db');
  const a = new SqliteStorage(path);
  const id = await a.createStudy({ name: 's', config: { seed: 1 } });
  await a.addProposal(id, fakeTrial(0).p);
  await a.finishTrial(id, 0, fakeTrial(0).r);
  assert.equal(a.db.pragma('journal_mode', { simple: true }), 'wal');
  a.close();
  const b = new SqliteStorage(path);
  assert.deepEqual((await b.trials(id)).map((r) => r.record), [fakeTrial(0).r]);
  assert.equal(b.db.pragma('integrity_check', { simple: true }), 'ok');
  b.close();
});

test('storage sqlite: a file that is not SQLite is refused with a clear error and left untouched', () => {
  const path = join(dir, 'notes.db');
  writeFileSync(path, 'my notes, not a database\n');
  assert.throws(() => new SqliteStorage(path), (e: unknown) => e instanceof StorageFileError && /got a file that is not SQLite\. It was left untouched/.test((e as Error).message));
  assert.equal(readFileSync(path, 'utf8'), 'my notes, not a database\n');
});

test('storage sqlite: a corrupt SQLite file is refused with a clear error and left untouched', () => {
  const path = join(dir, 'corrupt.db');
  const bytes = Buffer.alloc(4096, 0xab);
  bytes.write('SQLite format 3\0', 0, 'latin1');
  writeFileSync(path, bytes);
  assert.throws(() => new SqliteStorage(path), (e: unknown) => e instanceof StorageFileError && /must be a readable SQLite database/.test((e as Error).message));
  assert.deepEqual(readFileSync(path), bytes);
});

test('storage sqlite: an SQLite file of another application is refused and left untouched', () => {
  const path = join(dir, 'foreign.db');
  const db = new Database(path);
  db.exec('CREATE TABLE photos (id INTEGER)');
  db.close();
  const before = readFileSync(path);
  assert.throws(() => new SqliteStorage(path), (e: unknown) => e instanceof StorageFileError && /SQLite file of another application/.test((e as Error).message));
  assert.deepEqual(readFileSync(path), before);
});

test('storage sqlite: a schema newer than this tinyevo is refused with a clear error', () => {
  const path = join(dir, 'newer.db');
  new SqliteStorage(path).close();
  const db = new Database(path);
  db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(MIGRATIONS.length + 1, 'future');
  db.close();
  assert.throws(() => new SqliteStorage(path), (e: unknown) => e instanceof StorageFileError && new RegExp(`schema version must be <= ${MIGRATIONS.length} for this tinyevo; got ${MIGRATIONS.length + 1}`).test((e as Error).message));
});
