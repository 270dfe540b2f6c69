import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { Nb201Space } from '../../src/space/nb201/index.js';
import { SqliteStorage } from '../../src/study/storage/sqlite.js';
import { Rng } from '../../src/util/rng.js';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'worker-child.js');
const dir = mkdtempSync(join(tmpdir(), 'tinyevo-workers-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function runWorker(env: object): Promise<{ workerId: string; done: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD], { env: { ...process.env, TINYEVO_WORKER_CHILD: JSON.stringify(env) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as { workerId: string; done: number }) : reject(new Error(`worker exited ${code}: ${err}`))));
  });
}

const TRIALS = 400;

test(`study workers: 4 processes claim ${TRIALS} pending trials from one SQLite file, each finished exactly once, no lock errors`, async (t) => {
  const path = join(dir, 'studies.db');
  const s = new SqliteStorage(path);
  const id = await s.createStudy({ name: 'w', config: {} });
  const space = new Nb201Space();
  const rng = new Rng(8);
  for (let trial = 0; trial < TRIALS; trial++) {
    const g = space.sample(rng);
    await s.enqueue(id, { trial, genome: space.toJSON(g), key: space.key(g), parents: [] });
  }
  const results = await Promise.all([0, 1, 2, 3].map((i) => runWorker({ path, name: 'w', workerId: `w${i}` })));
  t.diagnostic(`trials per worker: ${results.map((r) => `${r.workerId} ${r.done}`).join(', ')}`);
  assert.equal(results.reduce((a, r) => a + r.done, 0), TRIALS);
  assert.ok(results.every((r) => r.done > 0), 'every worker must have claimed some trials');
  const rows = await s.trials(id);
  assert.equal(rows.length, TRIALS);
  assert.ok(rows.every((r) => r.state === 'complete' && r.record?.trial === r.trial && r.workerId === null));
  assert.equal(s.db.pragma('integrity_check', { simple: true }), 'ok');
  s.close();
});

test('study workers: a running trial whose lease ran out is claimed by another worker; the old holder\'s heartbeat then fails', async () => {
  const s = new SqliteStorage(join(dir, 'lease.db'));
  const id = await s.createStudy({ name: 'l', config: {} });
  await s.enqueue(id, { trial: 0, genome: [0], key: 'k0', parents: [] });
  assert.equal((await s.claimPending(id, 'a', 60_000))?.workerId, 'a');
  assert.equal(await s.claimPending(id, 'b', 60_000), null);
  await new Promise((r) => setTimeout(r, 5));
  assert.equal((await s.claimPending(id, 'b', 1))?.workerId, 'b');
  assert.equal(await s.heartbeat(id, 0, 'a'), false);
  assert.equal(await s.heartbeat(id, 0, 'b'), true);
  s.close();
});
