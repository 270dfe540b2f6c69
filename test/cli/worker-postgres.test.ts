import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { PostgresStorage } from '../../src/study/storage/postgres.js';
import { postgresMissing, startPostgres, type PostgresCluster } from '../util/postgres-cluster.js';

const bin = fileURLToPath(new URL('../../../bin/tinyevo.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tinyevo-pg-cli-'));
const missing = postgresMissing();
let cluster: PostgresCluster | null = null;
before(async () => { if (!missing) cluster = await startPostgres(); });
after(() => { cluster?.stop(); rmSync(dir, { recursive: true, force: true }); });

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

test('tinyevo worker joins a search on PostgreSQL from another process: both train trials, each trial is stored once, the worker exits when the search ends', { skip: missing ?? false }, async () => {
  const url = (cluster as PostgresCluster).database('cli');
  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ maxEvaluations: 4, batch: 4, fidelity: { epochs: 1, trainFraction: 0.1, batchSize: 64 } }));
  const search = run(['search', '--config', config, '--workers', '1', '--budget-s', '900', '--final-epochs', '1', '--backend', 'wasm', '--seed', '5', '--study', 'pg', '--storage', url, '--out', join(dir, 'run'), '--json']);
  const s = await PostgresStorage.open(url);
  while (!(await s.loadStudy('pg'))) await new Promise((r) => setTimeout(r, 100));
  const worker = await run(['worker', '--study', 'pg', '--storage', url, '--poll-ms', '100', '--json']);
  const done = await search;
  assert.equal(done.code, 0, done.stderr);
  assert.equal(worker.code, 0, worker.stderr);
  const doc = JSON.parse(done.stdout) as { trained: number; trials: number };
  const joined = JSON.parse(worker.stdout) as { finished: number; workerId: string };
  assert.ok(joined.finished >= 1, `the joining worker trained ${joined.finished} trials`);
  const study = await s.loadStudy('pg');
  assert.equal(study?.status, 'closed');
  const rows = await s.trials(study?.id ?? -1);
  await s.close();
  assert.equal(rows.length, doc.trials);
  const trained = rows.filter((r) => r.state === 'complete');
  assert.equal(trained.length, doc.trained);
  assert.ok(trained.every((r) => r.attempts === 1 && r.workerId === null));
  assert.ok(doc.trained >= 4);
  const list = spawnSync(process.execPath, [bin, 'study', 'list', '--storage', url, '--json'], { encoding: 'utf8' });
  assert.equal(list.status, 0, list.stderr);
  assert.deepEqual((JSON.parse(list.stdout) as { studies: { name: string; status: string }[] }).studies.map((x) => [x.name, x.status]), [['pg', 'closed']]);
});
