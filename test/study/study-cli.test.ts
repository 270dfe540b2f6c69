import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { SqliteStorage } from '../../src/study/storage/sqlite.js';
import { fakeTrial } from './storage-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'tinyevo-study-cli-'));
const db = join(dir, 'studies.db');
after(() => rmSync(dir, { recursive: true, force: true }));

before(async () => {
  const s = new SqliteStorage(db);
  const id = await s.createStudy({ name: 'mcu', config: { seed: 4 } });
  for (const t of [0, 1, 2]) await s.addProposal(id, fakeTrial(t).p);
  await s.finishTrial(id, 0, fakeTrial(0, 0.7).r);
  await s.finishTrial(id, 1, fakeTrial(1, 0.9).r);
  await s.createStudy({ name: 'other', config: {} });
  s.close();
});

function cli(...args: string[]): { code: number; json: unknown } {
  try {
    return { code: 0, json: JSON.parse(execFileSync(process.execPath, ['bin/tinyevo.js', 'study', ...args, '--storage', db, '--json'], { encoding: 'utf8' })) };
  } catch (e) {
    const err = e as { status: number; stdout: string };
    return { code: err.status, json: JSON.parse(err.stdout) };
  }
}

test('study cli: list, show, export --best and delete, each as one JSON document', () => {
  const list = cli('list').json as { studies: { name: string; counts: object }[] };
  assert.deepEqual(list.studies.map((s) => [s.name, s.counts]), [['mcu', { complete: 2, running: 1 }], ['other', {}]]);
  const show = cli('show', 'mcu').json as { best: { trial: number }; config: object };
  assert.equal(show.best.trial, 1);
  assert.deepEqual(show.config, { seed: 4 });
  const out = join(dir, 'export');
  const exp = cli('export', 'mcu', '--best', '--out', out).json as { files: string[] };
  assert.deepEqual(exp.files.map((f) => f.slice(out.length + 1)), ['config.json', 'trials.jsonl', 'trials.csv', 'best.json']);
  const csv = readFileSync(join(out, 'trials.csv'), 'utf8').trim().split('\n');
  assert.equal(csv.length, 4, 'a header and one line per stored trial, finished or not');
  assert.match(csv[0] ?? '', /^trial,state,accuracy,float_accuracy,violation,cost_macs,params,macs,/);
  assert.match(csv[2] ?? '', /^1,complete,0\.9,,0,10,101,1001,0\.25,2,h1,k1,0,0,,\d+,\d+,,"\[1,1,2\]"$/);
  assert.match(csv[3] ?? '', /^2,running,,,,,,,,,,k2,1,0,,\d+,,,"\[2,1,2\]"$/);
  const pareto = cli('export', 'mcu', '--pareto', '--out', out);
  assert.equal(pareto.code, 2);
  assert.match((pareto.json as { error: { message: string } }).error.message, /--pareto needs complete feasible trials with an SRAM figure; got none in study 'mcu'/);
  assert.equal(readFileSync(join(out, 'trials.jsonl'), 'utf8').trim().split('\n').length, 2);
  assert.equal((JSON.parse(readFileSync(join(out, 'best.json'), 'utf8')) as { accuracy: number }).accuracy, 0.9);
  assert.deepEqual(cli('delete', 'other').json, { deleted: 'other' });
  assert.deepEqual((cli('list').json as { studies: { name: string }[] }).studies.map((s) => s.name), ['mcu']);
});

test('study cli: an unknown study name exits 2 and lists the stored names', () => {
  const r = cli('show', 'nope');
  assert.equal(r.code, 2);
  assert.match((r.json as { error: { message: string } }).error.message, /got 'nope'\. Stored in .*studies\.db: mcu/);
  assert.equal(existsSync(join(dir, 'export', 'best.json')), true);
});
