import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { FrontResponse, StudiesResponse, StudySummaryResponse, TrialDetailResponse, TrialsResponse } from '../../src/dashboard/api-types.js';
import { startDashboard, type RunningDashboard } from '../../src/dashboard/server.js';
import { limitScatter } from '../../src/report/data.js';
import type { TrialRecord } from '../../src/study/types.js';
import { fixtureConfig, writeFixtureStudy } from './fixture.js';
import { get, getJson } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'tinyevo-dashboard-api-'));
const db = join(dir, 'studies.db');
let records: TrialRecord[] = [];
let d: RunningDashboard;

before(async () => {
  records = await writeFixtureStudy(db, 'small', 60);
  await writeFixtureStudy(db, 'other', 20, 3);
  mkdirSync(join(dir, 'artifacts', 'small'), { recursive: true });
  writeFileSync(join(dir, 'artifacts', 'small', '3.weights'), 'weights of trial 3');
  writeFileSync(join(dir, 'artifacts', 'secret.txt'), 'must not be served');
  writeFileSync(join(dir, 'secret.txt'), 'must not be served');
  d = await startDashboard({ storage: db, port: 0, refreshIntervalMs: 0 });
});
after(async () => {
  await d.close();
  rmSync(dir, { recursive: true, force: true });
});

const feasibleComplete = (): TrialRecord[] => records.filter((r) => r.state === 'complete' && r.violation <= 0 && r.accuracy !== null);

test('GET /api/studies lists both fixture studies with their trial counts', async () => {
  const r = await getJson<StudiesResponse>(d.port, '/api/studies');
  assert.deepEqual(r.studies.map((s) => [s.name, s.total]), [['other', 20], ['small', 60]]);
  const small = r.studies.find((s) => s.name === 'small');
  assert.equal(small?.counts.complete, records.filter((x) => x.state === 'complete').length);
});

test('GET /api/studies/small: finished count, limits of the fixture device, best feasible trial, monotone progress', async () => {
  const s = await getJson<StudySummaryResponse>(d.port, '/api/studies/small');
  assert.equal(s.finished, 60);
  assert.deepEqual(s.costs, [{ name: 'sram', limit: fixtureConfig.limits.sramBytes }, { name: 'flash', limit: fixtureConfig.limits.flashBytes }]);
  const best = feasibleComplete().reduce((a, b) => ((b.accuracy as number) > (a.accuracy as number) ? b : a));
  assert.deepEqual(s.best, { trial: best.trial, accuracy: best.accuracy });
  assert.ok(s.progress.best.length >= 1);
  for (let i = 1; i < s.progress.best.length; i++) {
    assert.ok((s.progress.best[i] as number) > (s.progress.best[i - 1] as number), 'each progress step improves');
    assert.ok((s.progress.evaluation[i] as number) > (s.progress.evaluation[i - 1] as number));
  }
  assert.equal(s.progress.trial.at(-1), best.trial);
});

for (const cost of ['sram', 'flash'] as const) {
  test(`GET front?cost=${cost}: every trained trial, infeasible ones flagged, front equal to the report's`, async () => {
    const f = await getJson<FrontResponse>(d.port, `/api/studies/small/front?cost=${cost}`);
    const expected = limitScatter(records, cost);
    assert.equal(f.limit, cost === 'sram' ? fixtureConfig.limits.sramBytes : fixtureConfig.limits.flashBytes);
    assert.deepEqual([...f.points.trial].sort((a, b) => a - b), expected.points.map((p) => p.trial).sort((a, b) => a - b));
    const infeasible = f.points.trial.filter((_, i) => f.points.feasible[i] === 0);
    assert.deepEqual(infeasible.sort((a, b) => a - b), expected.points.filter((p) => !p.feasible).map((p) => p.trial).sort((a, b) => a - b));
    assert.ok(infeasible.length > 0, 'the fixture has trained trials over a limit');
    assert.deepEqual(f.front.map((p) => p.trial), expected.front.map((p) => p.trial));
    assert.deepEqual([...f.rejected.trial].sort((a, b) => a - b), expected.rejected.map((p) => p.trial).sort((a, b) => a - b), 'rejected before training: ticks');
    assert.ok(f.rejected.trial.length > 0);
  });
}

test('GET front?from=K returns only points K.. and a from beyond the total starts over', async () => {
  const all = await getJson<FrontResponse>(d.port, '/api/studies/small/front?cost=sram');
  const tail = await getJson<FrontResponse>(d.port, '/api/studies/small/front?cost=sram&from=10');
  assert.equal(tail.from, 10);
  assert.deepEqual(tail.points.trial, all.points.trial.slice(10));
  const reset = await getJson<FrontResponse>(d.port, `/api/studies/small/front?cost=sram&from=${all.total + 5}`);
  assert.equal(reset.from, 0);
  assert.equal(reset.points.trial.length, all.total);
});

test('GET front with a cost the records lack: 400 naming the value and the costs allowed', async () => {
  const r = await get(d.port, '/api/studies/small/front?cost=latency');
  assert.equal(r.status, 400);
  assert.equal(JSON.parse(r.body).error, `dashboard: cost must be one of the limits study 'small' records carry (sram, flash); got 'latency'.`);
});

test('GET trials: sorted by accuracy, filtered by state, searched by hash, paged', async () => {
  const bestFirst = await getJson<TrialsResponse>(d.port, '/api/studies/small/trials?sort=accuracy&order=desc&limit=3');
  const accs = records.filter((r) => r.accuracy !== null).map((r) => r.accuracy as number).sort((a, b) => b - a);
  assert.deepEqual(bestFirst.rows.map((r) => r.accuracy), accs.slice(0, 3));
  assert.equal(bestFirst.total, 60);
  const infeasible = await getJson<TrialsResponse>(d.port, '/api/studies/small/trials?state=infeasible&limit=500');
  assert.equal(infeasible.total, records.filter((r) => r.state === 'infeasible').length);
  assert.ok(infeasible.rows.every((r) => r.state === 'infeasible' && r.accuracy === null));
  const target = records[17] as TrialRecord;
  const found = await getJson<TrialsResponse>(d.port, `/api/studies/small/trials?q=${target.hash.slice(0, 12).toUpperCase()}`);
  assert.deepEqual(found.rows.map((r) => r.trial), [17]);
  const page2 = await getJson<TrialsResponse>(d.port, '/api/studies/small/trials?sort=trial&order=asc&offset=20&limit=10');
  assert.deepEqual(page2.rows.map((r) => r.trial), [20, 21, 22, 23, 24, 25, 26, 27, 28, 29]);
  assert.deepEqual(page2.rows[0]?.costs, Object.fromEntries((records[20] as TrialRecord).limits.filter((l) => l.name === 'sram' || l.name === 'flash').map((l) => [l.name, l.value])));
});

test('GET trials with a bad sort, order, state or limit: 400 with a one-line message', async () => {
  for (const [q, msg] of [
    ['sort=colour', /^dashboard: sort must be one of trial, state, accuracy, .*; got 'colour'\.$/],
    ['order=up', /^dashboard: order must be asc or desc; got 'up'\.$/],
    ['state=done', /^dashboard: state must be one of pending, running, complete, infeasible, duplicate, failed \(comma-separated\); got 'done'\.$/],
    ['limit=100000', /^dashboard: limit must be an integer from 1 to 500; got '100000'\.$/],
  ] as const) {
    const r = await get(d.port, `/api/studies/small/trials?${q}`);
    assert.equal(r.status, 400, q);
    assert.match(JSON.parse(r.body).error, msg);
  }
});

test('GET trials/N: architecture and SRAM-over-time SVGs with the peak op marked, limits and curve', async () => {
  const trial = feasibleComplete()[0] as TrialRecord;
  const t = await getJson<TrialDetailResponse>(d.port, `/api/studies/small/trials/${trial.trial}`);
  assert.equal(t.trial, trial.trial);
  assert.ok(t.peakOp, 'a peak op');
  assert.match(t.archSvg ?? '', new RegExp(`data-node="${t.peakOp}"><rect [^>]*fill="#ffebe9"`), 'the peak op is highlighted in the architecture');
  assert.match(t.sramSvg ?? '', new RegExp(`peak: ${t.peakOp}`));
  assert.deepEqual(t.limits, trial.limits);
  assert.deepEqual(t.curve, trial.curve);
  assert.equal(t.cost?.device, 'nrf52840');
});

test('unknown study, unknown trial, bad trial number and unknown path: 404/400 with messages', async () => {
  const s = await get(d.port, '/api/studies/nope');
  assert.equal(s.status, 404);
  assert.equal(JSON.parse(s.body).error, `dashboard: study must be a stored study; got 'nope'. Stored in ${db}: other, small.`);
  const t = await get(d.port, '/api/studies/small/trials/999');
  assert.equal(t.status, 404);
  assert.equal(JSON.parse(t.body).error, `dashboard: trial must be a stored trial of study 'small'; got 999, which is not stored.`);
  const bad = await get(d.port, '/api/studies/small/trials/1e3');
  assert.equal(bad.status, 400);
  assert.match(JSON.parse(bad.body).error, /trial must be a trial number \(an integer >= 0\); got '1e3'/);
  assert.equal((await get(d.port, '/api/nothing')).status, 404);
});

test('every response carries a restrictive Content-Security-Policy and nosniff', async () => {
  for (const path of ['/', '/app.js', '/app.css', '/api/studies', '/api/studies/nope']) {
    const r = await get(d.port, path);
    const csp = String(r.headers['content-security-policy'] ?? '');
    assert.match(csp, /default-src 'none'/, path);
    assert.match(csp, /script-src 'self'(;|$)/, path);
    assert.match(csp, /frame-ancestors 'none'/, path);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/, path);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
  }
  const html = (await get(d.port, '/')).body;
  assert.doesNotMatch(html, /<script>|<style>|https?:\/\//, 'no inline script or style, no external URL');
});

test('artifact downloads: a stored file is served, ../ and encoded escapes are refused', async () => {
  const ok = await get(d.port, '/api/studies/small/files/3.weights');
  assert.equal(ok.status, 200);
  assert.equal(ok.body, 'weights of trial 3');
  for (const name of ['..%2Fsecret.txt', '..%2F..%2Fsecret.txt', '%2e%2e%2fsecret.txt', '..%5Csecret.txt', '.hidden', '..%2E', 'a%00b']) {
    const r = await get(d.port, `/api/studies/small/files/${name}`);
    assert.equal(r.status, 400, name);
    assert.match(JSON.parse(r.body).error, /^dashboard: file must be a plain file name/, name);
    assert.doesNotMatch(r.body, /must not be served/);
  }
  const missing = await get(d.port, '/api/studies/small/files/9.weights');
  assert.equal(missing.status, 404);
  const raw = await get(d.port, '/api/studies/small/files/../../secret.txt');
  assert.notEqual(raw.status, 200);
  assert.doesNotMatch(raw.body, /must not be served/);
});

test('the dashboard is read-only and loopback-only: POST is 405, a foreign Host header is 403', async () => {
  const post = await get(d.port, '/api/studies', {}, 'POST');
  assert.equal(post.status, 405);
  const rebind = await get(d.port, '/api/studies', { host: 'evil.example:80' });
  assert.equal(rebind.status, 403);
  assert.equal((await get(d.port, '/api/studies', { host: `localhost:${d.port}` })).status, 200);
});
