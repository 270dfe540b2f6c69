/**
 * Dashboard fixtures: the small studies of test/report/fixture.ts, and a large study written the same way (real
 * chain-space genomes costed by the real device check, fake accuracy rising with log MACs) but inserted in one
 * transaction, so 10,000 trials take seconds instead of 20,000 separate commits. Finish times are spread 50 ms
 * apart so the progress chart has a time axis.
 */
import { spaceForData } from '../../src/space/index.js';
import { deviceCheck } from '../../src/study/device-check.js';
import { SqliteStorage } from '../../src/study/storage/sqlite.js';
import type { TrialRecord } from '../../src/study/types.js';
import { Rng } from '../../src/util/rng.js';
import { fixtureConfig, fixtureRecord } from '../report/fixture.js';

export { fixtureConfig, writeFixtureStudy } from '../report/fixture.js';

/** Writes study `name` with `n` finished trials to the SQLite file `path` in one transaction; returns the records. */
export function writeLargeFixtureStudy(path: string, name: string, n: number, seed = 7): TrialRecord[] {
  const storage = new SqliteStorage(path);
  const space = spaceForData('chain', [28, 28, 1], 10);
  const check = deviceCheck(fixtureConfig.device, fixtureConfig.limits, fixtureConfig.runtime);
  const rng = new Rng(seed);
  const records: TrialRecord[] = [];
  const start = Date.now() - n * 50;
  try {
    storage.db.transaction(() => {
      const id = Number(storage.db.prepare('INSERT INTO studies (name, config, created_at) VALUES (?, ?, ?)').run(name, JSON.stringify(fixtureConfig), new Date(start).toISOString()).lastInsertRowid);
      const insert = storage.db.prepare(`INSERT INTO trials (study_id, trial, state, key, genome, parents, hash, accuracy, violation, record, proposed_ms, finished_ms)
        VALUES (?, ?, ?, ?, ?, '[]', ?, ?, ?, ?, ?, ?)`);
      for (let trial = 0; trial < n; trial++) {
        const r = fixtureRecord(trial, rng, space, check, (a) => [a * 0.8, a * 0.95, a]);
        insert.run(id, trial, r.state, r.key, JSON.stringify(r.genome), r.hash, r.accuracy, r.violation, JSON.stringify(r), start + trial * 50, start + trial * 50 + 40);
        records.push(r);
      }
    })();
    return records;
  } finally {
    storage.close();
  }
}
