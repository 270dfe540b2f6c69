import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DashboardReader } from '../../src/dashboard/reader.js';
import { StudyCache } from '../../src/dashboard/study-cache.js';
import { paretoFront2 } from '../../src/report/front.js';
import { SqliteStorage } from '../../src/study/storage/sqlite.js';
import { liveTrial } from './live-records.js';

const dir = mkdtempSync(join(tmpdir(), 'tinyevo-dashboard-cache-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function store(storage: SqliteStorage, id: number, trials: readonly number[]): Promise<void> {
  for (const t of trials) {
    const { p, r } = liveTrial(t);
    await storage.addProposal(id, p);
    await storage.finishTrial(id, t, r);
  }
}

test('a refresh reads only trials finished since the last one; the merged front equals a full recomputation', async () => {
  const db = join(dir, 'inc.db');
  const storage = new SqliteStorage(db);
  const id = await storage.createStudy({ name: 'inc', config: {} });
  await store(storage, id, Array.from({ length: 200 }, (_, i) => i));
  // Move the first 200 an hour back, one second apart: a refresh re-reads only the 10 s before the newest row it saw.
  storage.db.prepare('UPDATE trials SET finished_ms = ? + trial * 1000').run(Date.now() - 3_600_000);
  const reader = new DashboardReader(db);
  try {
    const cache = new StudyCache(reader.study('inc'));
    assert.equal(cache.refresh(reader, 0), 200);
    const reads: number[] = [];
    const original = reader.finishedSince.bind(reader);
    reader.finishedSince = (study, since) => { const rows = original(study, since); reads.push(rows.length); return rows; };
    assert.equal(cache.refresh(reader, 0), 0, 'nothing new');
    assert.deepEqual(reads, [], 'an idle poll reads no rows (the count says nothing changed)');
    await store(storage, id, [200, 201, 202, 203, 204]);
    assert.equal(cache.refresh(reader, 0), 5);
    assert.deepEqual(reads, [11 + 5], 'the read returns the 5 new rows and the 11 in the late-commit window (trials 189-199), not all 205');
    // A row committed late with an old finish time (outside the re-read window) is still found, by the count.
    const late = liveTrial(205, 0.999, 100);
    await storage.addProposal(id, late.p);
    await storage.finishTrial(id, 205, late.r);
    storage.db.prepare('UPDATE trials SET finished_ms = finished_ms - 7200000 WHERE trial = 205').run();
    assert.equal(cache.refresh(reader, 0), 1);
    assert.equal(cache.order.length, 206);
    const sram = cache.series.get('sram');
    assert.ok(sram);
    const all = sram.trial.map((trial, i) => ({ trial, cost: sram.cost[i] as number, value: sram.accuracy[i] as number, feasible: sram.feasible[i] === 1 }));
    assert.deepEqual(sram.front, paretoFront2(all.filter((p) => p.feasible).map(({ trial, cost, value }) => ({ trial, cost, value }))));
    assert.equal(sram.front[0]?.trial, 205, 'the late trial dominates the cheap end of the front');
    assert.equal(cache.bestTrial?.trial, 205);
  } finally {
    reader.close();
    storage.close();
  }
});
