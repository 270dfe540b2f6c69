import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { spaceForData } from '../../src/space/index.js';
import { SqliteStorage } from '../../src/study/storage/sqlite.js';
import type { TrialRecord } from '../../src/study/types.js';
import { writeReport } from '../../src/report/index.js';
import { Rng } from '../../src/util/rng.js';
import { fixtureConfig } from './fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'tinyevo-report-scale-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A study of `n` trials with random SRAM/flash figures (one real chain genome, so the best model decodes). */
function writeLargeStudy(path: string, n: number): void {
  const storage = new SqliteStorage(path);
  const space = spaceForData('chain', [28, 28, 1], 10);
  const rng = new Rng(11);
  const genome = space.toJSON(space.sample(new Rng(1)));
  storage.db.transaction(() => {
    const id = Number(storage.db.prepare('INSERT INTO studies (name, config, created_at) VALUES (?, ?, ?)').run('big', JSON.stringify(fixtureConfig), 'now').lastInsertRowid);
    const insert = storage.db.prepare(`INSERT INTO trials (study_id, trial, state, key, genome, parents, accuracy, violation, record, proposed_ms) VALUES (?, ?, 'complete', ?, ?, '[]', ?, ?, ?, 0)`);
    for (let trial = 0; trial < n; trial++) {
      const sram = rng.int(2_000, 80_000);
      const flash = rng.int(20_000, 200_000);
      const violation = Math.max(0, sram / 49152 - 1) + Math.max(0, flash / 131072 - 1);
      const r: TrialRecord = {
        trial, state: 'complete', genome, key: `k${trial}`, hash: `h${trial}`, parents: [], accuracy: rng.next(), curve: [], violation,
        limits: [{ name: 'sram', value: sram, limit: 49152, margin: 49152 - sram }, { name: 'flash', value: flash, limit: 131072, margin: 131072 - flash }], params: 1, macs: 1, seconds: 0,
      };
      insert.run(id, trial, r.key, JSON.stringify(genome), r.accuracy, violation, JSON.stringify(r));
    }
  })();
  storage.close();
}

test('report of a 20,000-trial study is written in under 5 s and stays a few MB', () => {
  const db = join(dir, 'big.db');
  writeLargeStudy(db, 20_000);
  const t0 = performance.now();
  const r = writeReport(db, 'big', join(dir, 'out'));
  const seconds = (performance.now() - t0) / 1000;
  assert.equal(r.trials, 20_000);
  assert.ok(seconds < 5, `took ${seconds.toFixed(2)} s`);
  const html = readFileSync(join(dir, 'out', 'report.html'), 'utf8');
  assert.ok(html.length < 8e6, `${html.length} bytes`);
  assert.equal((html.match(/<circle /g) ?? []).length, 40_000, 'every trial on both scatters');
});
