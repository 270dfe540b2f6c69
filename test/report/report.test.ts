import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { StorageFileError, StudyError } from '../../src/study/errors.js';
import { SqliteStorage } from '../../src/study/storage/sqlite.js';
import type { TrialRecord } from '../../src/study/types.js';
import { paretoFrontBruteForce } from '../../src/report/front.js';
import { buildReport, exportStatusOf, ReadOnlyStudyStore, writeReport } from '../../src/report/index.js';
import { WeightStore } from '../../src/study/artifacts.js';
import { liveBytesPerStep } from '../../src/report/model.js';
import { writeFixtureStudy } from './fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'tinyevo-report-'));
const db = join(dir, 'studies.db');
let records: TrialRecord[] = [];
before(async () => {
  records = await writeFixtureStudy(db, 'alpha', 60);
  await writeFixtureStudy(db, 'beta', 3, 99);
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** The expected front trials of a limit, by brute force over the stored records. */
function expectedFront(name: string): number[] {
  const pts = records.flatMap((r) => {
    const l = r.limits.find((x) => x.name === name);
    return r.state === 'complete' && r.violation === 0 && l && r.accuracy !== null ? [{ trial: r.trial, cost: l.value, value: r.accuracy }] : [];
  });
  return paretoFrontBruteForce(pts).map((p) => p.trial);
}

test('report alpha (60 chain trials): report.html holds the 5 SVG plots, the front points, the top-10 table and no URL', () => {
  const out = join(dir, 'out-alpha');
  const r = writeReport(db, 'alpha', out);
  const html = readFileSync(join(out, 'report.html'), 'utf8');
  for (const cls of ['chart progress', 'front-sram', 'front-flash', 'chart architecture', 'chart sram-over-time']) assert.ok(html.includes(`<svg class="${cls}`) || html.includes(cls), `missing plot ${cls}`);
  assert.equal((html.match(/<svg /g) ?? []).length, 5);
  assert.deepEqual(r.frontSram, expectedFront('sram'));
  assert.deepEqual(r.frontFlash, expectedFront('flash'));
  assert.ok(r.frontSram.length >= 2, `front too small to test: ${r.frontSram}`);
  for (const t of r.frontSram) assert.match(html, new RegExp(`class="front-point" data-trial="${t}"`));
  assert.ok(html.includes('class="point infeasible"'), 'infeasible points are drawn grey');
  const rejected = records.filter((x) => x.state === 'infeasible').length;
  assert.ok(rejected > 0);
  assert.equal((html.match(/class="point rejected"/g) ?? []).length, 2 * rejected, 'every rejected candidate marked on both fronts');
  assert.equal((html.match(/class="limit-line"/g) ?? []).length, 3, 'sram and flash limits on the fronts, the arena budget on the SRAM chart');
  assert.doesNotMatch(html, /https?:\/\//);
  assert.doesNotMatch(html, /<script/);
  const top = records.filter((x) => x.state === 'complete' && x.violation === 0).sort((a, b) => (b.accuracy ?? 0) - (a.accuracy ?? 0) || a.trial - b.trial).slice(0, 10);
  const table = html.slice(html.indexOf('<table class="top-models">'), html.indexOf('</table>', html.indexOf('<table class="top-models">')));
  assert.deepEqual([...table.matchAll(/<tr><td>\d+<\/td><td>(\d+)<\/td>/g)].map((m) => Number(m[1])), top.map((x) => x.trial));
  assert.equal(r.bestTrial, top[0]?.trial);
  assert.match(html, /class="sram-bar peak"/);
});

test('report alpha: report.md has the config, the fronts and the top table', () => {
  const out = join(dir, 'out-md');
  const r = writeReport(db, 'alpha', out);
  const md = readFileSync(join(out, 'report.md'), 'utf8');
  assert.match(md, /^# tinyevo study 'alpha'/);
  assert.match(md, /\| device \| nrf52840 \|/);
  assert.match(md, new RegExp(`accuracy vs peak SRAM \\(limit 48.0 KiB\\): trial ${r.frontSram[0]} `));
  assert.match(md, /\| rank \| trial \| accuracy \| params \| MACs \| sram \| flash \| export \|/);
  assert.match(md, /\| no weights stored \|\n/, 'the fixture stored no weights, and the report says so');
  assert.doesNotMatch(md, /https?:\/\//);
});

test('report: the SRAM-over-time series peaks at the plan\'s peak op and stays within the arena', () => {
  const store = new ReadOnlyStudyStore(db);
  try {
    const { best } = buildReport(store, 'alpha');
    assert.ok(best && !('error' in best), JSON.stringify(best && 'error' in best ? best.error : null));
    const m = best.cost.memory;
    const live = liveBytesPerStep(m);
    assert.equal(live.length, m.order.length);
    assert.equal(live[m.order.indexOf(m.peakOp)], Math.max(...live));
    assert.ok(Math.max(...live) <= m.arenaBytes, `${Math.max(...live)} > arena ${m.arenaBytes}`);
    assert.ok(Math.max(...live) > 0);
  } finally {
    store.close();
  }
});

test('report of a missing study: StudyError naming it and listing the stored studies', () => {
  assert.throws(() => writeReport(db, 'gamma', join(dir, 'none')), (e: unknown) => e instanceof StudyError
    && (e as Error).message === `report: study must be a stored study; got 'gamma'. Stored in ${db}: alpha, beta.`);
});

test('report opens the store read-only: works while a search holds the write lock, and never changes the file', async () => {
  const writer = new SqliteStorage(db);
  const before = readFileSync(db);
  writer.db.exec('BEGIN IMMEDIATE');
  try {
    const r = writeReport(db, 'alpha', join(dir, 'out-locked'));
    assert.equal(r.trials, 60);
  } finally {
    writer.db.exec('COMMIT');
    writer.close();
  }
  assert.deepEqual(readFileSync(db), before);
  const store = new ReadOnlyStudyStore(db);
  assert.throws(() => (store as unknown as { db: { exec(s: string): void } }).db.exec('DELETE FROM trials'), /readonly/i);
  store.close();
});

test('tinyevo report CLI: --json prints the files; a missing storage file is a one-line error, exit code 2', () => {
  const bin = fileURLToPath(new URL('../../../bin/tinyevo.js', import.meta.url));
  const run = (...args: string[]) => spawnSync(process.execPath, [bin, 'report', ...args], { encoding: 'utf8', timeout: 120_000 });
  const ok = run('alpha', '--storage', db, '--out', join(dir, 'out-cli'), '--json');
  assert.equal(ok.status, 0, ok.stderr);
  const doc = JSON.parse(ok.stdout) as { files: string[]; bestTrial: number };
  assert.deepEqual(doc.files, [join(dir, 'out-cli', 'report.html'), join(dir, 'out-cli', 'report.md')]);
  const missing = run('alpha', '--storage', join(dir, 'nope.db'), '--out', join(dir, 'x'));
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /^tinyevo: report: storage file must exist; got '.*nope\.db', which does not\./);
});

test('report of a file that is not a study database: StorageFileError, file left untouched', () => {
  const notes = join(dir, 'notes.db');
  writeFileSync(notes, 'not a database\n');
  assert.throws(() => writeReport(notes, 'alpha', join(dir, 'never')), (e: unknown) => e instanceof StorageFileError && /not SQLite\. It was left untouched/.test((e as Error).message));
  assert.equal(readFileSync(notes, 'utf8'), 'not a database\n');
});

test('report: a top model\'s export status says whether its stored weights are present and intact', () => {
  const store = new WeightStore(join(dir, 'artifacts-x'));
  const base = records.find((r) => r.state === 'complete') as TrialRecord;
  const ok = store.put(1, [{ name: 'a/kernel', shape: [2], values: new Float32Array([1, 2]) }]);
  const bad = store.put(2, [{ name: 'a/kernel', shape: [2], values: new Float32Array([3, 4]) }]);
  writeFileSync(join(dir, 'artifacts-x', bad.file), 'tampered');
  assert.match(exportStatusOf({ ...base, weights: ok }, store.dir), /^ready \(weights 0\.\d KiB, checksum ok\)$/);
  assert.equal(exportStatusOf({ ...base, weights: bad }, store.dir), 'weights file corrupt');
  assert.equal(exportStatusOf({ ...base, weights: { ...ok, file: 'gone.weights' } }, store.dir), 'weights file missing');
  assert.equal(exportStatusOf(base, store.dir), 'no weights stored');
});
