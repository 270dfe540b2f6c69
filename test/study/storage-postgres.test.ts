import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import pg from 'pg';
import { StorageFileError, StudyError } from '../../src/study/errors.js';
import { openStorage } from '../../src/study/storage/open.js';
import { PG_MIGRATIONS, PG_SCHEMA, PostgresStorage } from '../../src/study/storage/postgres.js';
import { postgresMissing, startPostgres, type PostgresCluster } from '../util/postgres-cluster.js';
import { fakeTrial, queueContract, storageContract } from './storage-contract.js';

// The cluster starts before the contract's tests run; `make` hands out a fresh database per test.
const missing = postgresMissing();
let cluster: PostgresCluster | null = null;
let n = 0;
before(async () => { if (!missing) cluster = await startPostgres(); });
after(() => cluster?.stop());

function fresh(): Promise<PostgresStorage> {
  if (!cluster) throw new Error(missing ?? 'cluster not started');
  return PostgresStorage.open(cluster.database(`contract_${n++}`));
}

storageContract('postgres', fresh, missing);
queueContract('postgres', fresh, missing);

test('storage postgres: an unreachable server is a clear StorageFileError with the password hidden', { skip: missing ?? false }, async () => {
  await assert.rejects(openStorage('postgres://me:secret@127.0.0.1:1/nowhere'), (e: unknown) => e instanceof StorageFileError
    && /storage postgres:\/\/me:\*\*\*@127\.0\.0\.1:1\/nowhere: must be a reachable PostgreSQL database; got ECONNREFUSED/.test((e as Error).message)
    && !(e as Error).message.includes('secret'));
});

test('storage postgres: a schema from a newer tinyevo, and a foreign tinyevo schema, are refused and left untouched', { skip: missing ?? false }, async () => {
  const url = cluster?.database('newer') as string;
  await (await PostgresStorage.open(url)).close();
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`INSERT INTO ${PG_SCHEMA}.schema_migrations (version) VALUES ($1)`, [PG_MIGRATIONS.length + 1]);
  await assert.rejects(PostgresStorage.open(url), (e: unknown) => e instanceof StorageFileError && new RegExp(`schema version must be <= ${PG_MIGRATIONS.length} for this tinyevo; got ${PG_MIGRATIONS.length + 1}`).test((e as Error).message));
  const foreign = cluster?.database('foreign') as string;
  const f = new pg.Client({ connectionString: foreign });
  await f.connect();
  await f.query(`CREATE SCHEMA ${PG_SCHEMA}; CREATE TABLE ${PG_SCHEMA}.photos (id int); INSERT INTO ${PG_SCHEMA}.photos VALUES (7)`);
  await assert.rejects(PostgresStorage.open(foreign), (e: unknown) => e instanceof StorageFileError && /must be tinyevo's; got one with other tables \(photos\)/.test((e as Error).message));
  assert.deepEqual((await f.query(`SELECT id FROM ${PG_SCHEMA}.photos`)).rows, [{ id: 7 }]);
  assert.equal((await f.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = $1`, [PG_SCHEMA])).rows[0].n, 1);
  await c.end();
  await f.end();
});

test('storage postgres: a result survives closing and reopening, and re-proposing a finished trial is refused', { skip: missing ?? false }, async () => {
  const url = cluster?.database('reopen') as string;
  const a = await PostgresStorage.open(url);
  const id = await a.createStudy({ name: 's', config: { seed: 1, nested: { a: [1, 2] } } });
  await a.addProposal(id, fakeTrial(0).p);
  await a.finishTrial(id, 0, fakeTrial(0).r);
  await a.close();
  const b = await PostgresStorage.open(url);
  assert.deepEqual((await b.trials(id)).map((r) => r.record), [fakeTrial(0).r]);
  assert.deepEqual((await b.loadStudy('s'))?.config, { seed: 1, nested: { a: [1, 2] } });
  await assert.rejects(b.addProposal(id, fakeTrial(0).p), StudyError);
  await b.close();
});
