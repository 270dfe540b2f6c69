import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { MemoryStorage } from '../../src/study/storage/memory.js';
import { SqliteStorage } from '../../src/study/storage/sqlite.js';
import type { TrialRecord } from '../../src/study/types.js';
import { Rng } from '../../src/util/rng.js';
import { runSyntheticStudy } from './synthetic-study.js';

const CHILD = join(dirname(fileURLToPath(import.meta.url)), 'crash-child.js');
const dir = mkdtempSync(join(tmpdir(), 'tinyevo-crash-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the child; kills it with SIGKILL `killAfterMs` after it reports ready (never when null). Resolves to whether it finished. */
function runChild(env: object, killAfterMs: number | null): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD], { env: { ...process.env, TINYEVO_CRASH_CHILD: JSON.stringify(env) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      const first = !out.includes('ready');
      out += d.toString();
      if (first && out.includes('ready') && killAfterMs !== null) setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') return resolve(false);
      if (code !== 0) return reject(new Error(`crash child exited with code ${code}: ${err}`));
      resolve(out.includes('done'));
    });
  });
}

async function snapshot(path: string, name: string): Promise<TrialRecord[]> {
  const s = new SqliteStorage(path);
  try {
    const study = await s.loadStudy(name);
    if (!study) return [];
    return (await s.trials(study.id)).flatMap((r) => (r.record ? [r.record] : []));
  } finally {
    s.close();
  }
}

const strip = (r: TrialRecord) => ({ trial: r.trial, state: r.state, key: r.key, hash: r.hash, accuracy: r.accuracy });
const KILLS = 20;

/** Kills the search `kills` times at seeded random points, resumes it each time, and checks it against an uninterrupted run. */
async function crashAndCompare(t: { diagnostic(m: string): void }, env: { path: string; name: string; seed: number; trials: number; delayMs: number; batch?: number; workers?: number }, kills: number, maxDelayMs: number): Promise<void> {
  const rng = new Rng(2026);
  const seen = new Map<number, TrialRecord>();
  let killed = 0;
  for (let i = 0; i < kills; i++) {
    const finished = await runChild(env, Math.floor(5 + rng.next() * maxDelayMs));
    if (!finished) killed++;
    for (const r of await snapshot(env.path, env.name)) {
      const before = seen.get(r.trial);
      if (before) assert.deepEqual(r, before, `trial ${r.trial} changed after kill ${i}`);
      seen.set(r.trial, r);
    }
    if (finished) break;
  }
  assert.ok(killed >= kills / 2, `only ${killed} of ${kills} kills landed mid-run; the search ended too early`);
  t.diagnostic(`${killed} of ${kills} kills landed mid-run; ${seen.size} finished trials seen between kills`);
  assert.equal(await runChild(env, null), true);
  const final = await snapshot(env.path, env.name);
  for (const [trial, r] of seen) assert.deepEqual(final.find((x) => x.trial === trial), r, `completed trial ${trial} was lost or changed`);
  assert.deepEqual(final.map((r) => r.trial), final.map((_, i) => i), 'trial numbers must be 0..n-1 with no gap or repeat');
  assert.ok(final.filter((r) => r.state === 'complete').length >= env.trials);

  const memory = new MemoryStorage();
  await runSyntheticStudy(memory, { name: env.name, seed: env.seed, trials: env.trials, delayMs: 0, ...(env.batch && { batch: env.batch }) });
  const reference = (await memory.trials(1)).flatMap((r) => (r.record ? [r.record] : []));
  assert.deepEqual(final.map(strip), reference.map(strip), 'the resumed study must equal an uninterrupted run with the same seed');
  assert.deepEqual(new Set(final.filter((r) => r.state === 'complete').map((r) => r.hash)), new Set(reference.filter((r) => r.state === 'complete').map((r) => r.hash)));

  const s = new SqliteStorage(env.path);
  assert.equal(s.db.pragma('integrity_check', { simple: true }), 'ok');
  assert.deepEqual(await s.trials(1, { states: ['running', 'pending'] }), []);
  s.close();
}

test(`study crash: ${KILLS} SIGKILLs at seeded random points, each resumed, lose and duplicate no trial and replay the uninterrupted run`, async (t) => {
  await crashAndCompare(t, { path: join(dir, 'studies.db'), name: 'crash', seed: 11, trials: 200, delayMs: 2 }, KILLS, 55);
});

test('study crash: a search with 2 worker processes and batches of 4, SIGKILLed 8 times and resumed, equals the uninterrupted run', async (t) => {
  await crashAndCompare(t, { path: join(dir, 'workers.db'), name: 'crash-w', seed: 12, trials: 120, delayMs: 3, batch: 4, workers: 2 }, 8, 400);
});
