import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
  // A count, not a time budget, ends the search, so a loaded machine changes only how long it takes.
  const config = join(dir, 'config.json');
  writeFileSync(config, JSON.stringify({ maxEvaluations: 4, fidelity: { epochs: 1, trainFraction: 0.1, batchSize: 64 } }));
  const r = tinyevo('search', '--config', config, '--workers', '2', '--budget-s', '900', '--final-epochs', '1', '--backend', 'wasm', '--seed', '3', '--study', 'w', '--storage', db, '--out', out, '--json');
  assert.equal(r.status, 0, r.stderr);
  const doc = JSON.parse(r.stdout) as { trials: number; trained: number; best: { trial: number; limits: { margin: number }[] } };
  assert.ok(doc.trained >= 4 && doc.trained <= 5, `trained ${doc.trained}: the search stops after the batch that reaches 4`);
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

  // --resume takes the stored config (seed 3, batch 2, wasm): no flag has to be repeated, and nothing is re-trained.
  const again = tinyevo('search', '--study', 'w', '--storage', db, '--resume', '--budget-s', '0.001', '--final-epochs', '1', '--out', join(dir, 'run2'), '--json');
  assert.equal(again.status, 0, again.stderr);
  const d2 = JSON.parse(again.stdout) as { trials: number; seed: number; best: { trial: number } };
  assert.equal(d2.trials, doc.trials);
  assert.equal(d2.seed, 3);
  assert.equal(d2.best.trial, doc.best.trial);
  assert.match(again.stderr, new RegExp(`study 'w' in .*: resumed after ${doc.trials} stored trials`));
  const differ = tinyevo('search', '--study', 'w', '--storage', db, '--seed', '4', '--budget-s', '1');
  assert.equal(differ.status, 2);
  assert.match(differ.stderr, /config must equal the stored one to resume; got \d+ difference\(s\): .*seed: 3 -> 4.*Resume it with its stored config \(tinyevo search --study w --resume\)/);
});

test('tinyevo worker and search --resume: an unknown study, and an unreachable PostgreSQL URL, are one-line errors', () => {
  const resume = tinyevo('search', '--study', 'ghost', '--storage', join(dir, 'empty.db'), '--resume');
  assert.equal(resume.status, 2, resume.stderr);
  assert.match(resume.stderr, /^tinyevo: search: --resume needs a stored study; got --study ghost, which is not in .*empty\.db\. Drop --resume to create it\./);
  const none = tinyevo('worker', '--study', 'ghost', '--storage', join(dir, 'empty.db'));
  assert.equal(none.status, 2, none.stderr);
  assert.match(none.stderr, /^tinyevo: worker: study must exist in .*empty\.db; got 'ghost', which does not\. Start it with tinyevo search --study ghost --workers N/);
  const pg = tinyevo('study', 'list', '--storage', 'postgres://u:pw@127.0.0.1:1/x');
  assert.equal(pg.status, 2, pg.stderr);
  assert.match(pg.stderr, /^tinyevo: storage postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/x: must be a reachable PostgreSQL database; got ECONNREFUSED/);
  assert.doesNotMatch(pg.stderr, /pw/);
});
