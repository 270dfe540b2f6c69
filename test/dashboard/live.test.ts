import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { FrontResponse, StudySummaryResponse, TrialsResponse } from '../../src/dashboard/api-types.js';
import { startDashboard } from '../../src/dashboard/server.js';
import { SqliteStorage } from '../../src/study/storage/sqlite.js';
import { get } from './helpers.js';
import { liveTrial } from './live-records.js';

const dir = mkdtempSync(join(tmpdir(), 'tinyevo-dashboard-live-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const child = fileURLToPath(new URL('./writer-child.js', import.meta.url));
const PER_WRITER = 150;

function writer(path: string, first: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env, TINYEVO_DASHBOARD_WRITER: JSON.stringify({ path, name: 'live', first, step: 2, count: PER_WRITER, delayMs: 2 }) };
  const p = spawn(process.execPath, [child], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  p.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
  p.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
  return new Promise((resolve) => p.on('exit', (code) => resolve({ code, stdout, stderr })));
}

test('the dashboard open on a study while 2 writer processes add trials: no lock errors, numbers grow, no trial lost', async () => {
  const db = join(dir, 'live.db');
  const storage = new SqliteStorage(db);
  const id = await storage.createStudy({ name: 'live', config: {} });
  for (const t of [1000, 1001]) { const { p, r } = liveTrial(t); await storage.addProposal(id, p); await storage.finishTrial(id, p.trial, r); }
  storage.close();
  const d = await startDashboard({ storage: db, port: 0, refreshIntervalMs: 0 });
  try {
    const writers = Promise.all([writer(db, 0), writer(db, 1)]);
    let done = false;
    void writers.then(() => { done = true; });
    const seen: number[] = [];
    const errors: string[] = [];
    let frontPoints = 0;
    while (!done) {
      for (const path of ['/api/studies/live', '/api/studies/live/front?cost=sram', '/api/studies/live/trials?sort=accuracy&order=desc&state=complete,running']) {
        const r = await get(d.port, path);
        if (r.status !== 200) errors.push(`${path}: ${r.status} ${r.body}`);
        else if (path === '/api/studies/live') seen.push((JSON.parse(r.body) as StudySummaryResponse).finished);
        else if (path.includes('front')) frontPoints = Math.max(frontPoints, (JSON.parse(r.body) as FrontResponse).total);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const results = await writers;
    for (const r of results) {
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout.trim(), `done ${PER_WRITER}`);
      assert.doesNotMatch(r.stderr, /SQLITE_BUSY|locked/i);
    }
    assert.deepEqual(errors, [], 'every dashboard request during the writes answered 200');
    assert.ok(new Set(seen).size >= 3, `the finished count grew while the writers ran: ${seen.join(',')}`);
    for (let i = 1; i < seen.length; i++) assert.ok((seen[i] as number) >= (seen[i - 1] as number), 'the finished count never goes back');
    const total = 2 + 2 * PER_WRITER;
    const final = JSON.parse((await get(d.port, '/api/studies/live')).body) as StudySummaryResponse;
    assert.equal(final.finished, total);
    assert.equal(final.total, total);
    const trials: number[] = [];
    for (let offset = 0; offset < total; offset += 500) {
      const page = JSON.parse((await get(d.port, `/api/studies/live/trials?sort=trial&order=asc&limit=500&offset=${offset}`)).body) as TrialsResponse;
      trials.push(...page.rows.map((r) => r.trial));
    }
    const expected = [...Array.from({ length: 2 * PER_WRITER }, (_, i) => i), 1000, 1001].sort((a, b) => a - b);
    assert.deepEqual(trials, expected, 'every trial either writer stored is in the table exactly once');
    const front = JSON.parse((await get(d.port, '/api/studies/live/front?cost=sram')).body) as FrontResponse;
    const trained = expected.filter((t) => liveTrial(t).r.state === 'complete').length;
    assert.equal(front.total, trained, 'every trained trial is a point of the front chart');
    assert.ok(frontPoints <= trained);
  } finally {
    await d.close();
  }
});
