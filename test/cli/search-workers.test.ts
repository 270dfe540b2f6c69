import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { SqliteStorage } from '../../src/study/storage/sqlite.js';

const bin = fileURLToPath(new URL('../../../bin/tinyevo.js', import.meta.url));
const tinyevo = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 600_000 });
const dir = mkdtempSync(join(tmpdir(), 'tinyevo-search-workers-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('tinyevo search --workers 2: two worker processes train the candidates; the study is closed, each trial stored once; study export --pareto writes the front models', () => {
  const db = join(dir, 'studies.db');
  const out = join(dir, 'run');
  const r = tinyevo('search', '--workers', '2', '--budget-s', '15', '--final-epochs', '1', '--backend', 'wasm', '--seed', '3', '--study', 'w', '--storage', db, '--out', out, '--json');
  assert.equal(r.status, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { trials: number; trained: number; best: { trial: number; limits: { margin: number }[] } };
  assert.ok(doc.trained >= 2, `trained ${doc.trained}`);
  assert.match(r.stderr, /2 local worker processes train the candidates, 2 per batch/);
  const s = new SqliteStorage(db);
  const study = s.db.prepare('SELECT id, status, config FROM studies WHERE name = ?').get('w') as { id: number; status: string; config: string };
  assert.equal(study.status, 'closed');
  assert.equal((JSON.parse(study.config) as { batch: number }).batch, 2);
  const rows = s.db.prepare('SELECT trial, state, worker_id, attempts, record FROM trials WHERE study_id = ? ORDER BY trial').all(study.id) as { trial: number; state: string; worker_id: string | null; attempts: number; record: string | null }[];
  s.close();
  assert.equal(rows.length, doc.trials);
  assert.ok(rows.every((x) => x.record !== null && x.worker_id === null), 'every trial finished, none left held');
  const trained = rows.filter((x) => x.state === 'complete');
  assert.equal(trained.length, doc.trained);
  assert.ok(trained.every((x) => x.attempts === 1), 'each trained trial was claimed by exactly one worker once');
  const logs = [0, 1].map((i) => readFileSync(join(out, 'workers', `worker-${i}.log`), 'utf8'));
  assert.ok(logs.every((l) => /trial \d+: complete/.test(l)), 'both workers trained trials');
  assert.equal(logs.join('').match(/trial \d+: complete/g)?.length, doc.trained);

  const ex = spawnSync(process.execPath, [bin, 'study', 'export', 'w', '--pareto', '--format', 'none', '--storage', db, '--out', join(dir, 'export'), '--json'], { encoding: 'utf8' });
  assert.equal(ex.status, 0, ex.stderr);
  const e = JSON.parse(ex.stdout) as { pareto: { trial: number; dir: string }[] };
  assert.ok(e.pareto.length >= 1);
  for (const m of e.pareto) for (const f of ['graph.json', 'weights.json']) assert.ok(existsSync(join(m.dir, f)), `${m.dir}/${f}`);
  const front = JSON.parse(readFileSync(join(dir, 'export', 'pareto.json'), 'utf8')) as { trial: number }[];
  assert.deepEqual(front.map((x) => x.trial), e.pareto.map((m) => m.trial));
});

test('tinyevo worker: an unknown study, and an unreachable PostgreSQL URL, are one-line errors', () => {
  const none = tinyevo('worker', '--study', 'ghost', '--storage', join(dir, 'empty.db'));
  assert.equal(none.status, 2, none.stderr);
  assert.match(none.stderr, /^tinyevo: worker: study must exist in .*empty\.db; got 'ghost', which does not\. Start it with tinyevo search --study ghost --workers N/);
  const pg = tinyevo('study', 'list', '--storage', 'postgres://u:pw@127.0.0.1:1/x');
  assert.equal(pg.status, 2, pg.stderr);
  assert.match(pg.stderr, /^tinyevo: storage postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/x: must be a reachable PostgreSQL database; got ECONNREFUSED/);
  assert.doesNotMatch(pg.stderr, /pw/);
});
