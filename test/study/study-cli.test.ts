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
  assert.equal(exp.files.length, 3);
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
