/**
 * A writer process of the live-dashboard test (live.test.ts): adds and finishes trials of a study through
 * SqliteStorage, as a search worker does, while the dashboard reads the same file. Does nothing unless
 * TINYEVO_DASHBOARD_WRITER is set, so a test runner that loads this file runs nothing.
 */
import { SqliteStorage } from '../../src/study/storage/sqlite.js';
import { liveTrial } from './live-records.js';

const spec = process.env.TINYEVO_DASHBOARD_WRITER;
if (spec) {
  const { path, name, first, step, count, delayMs } = JSON.parse(spec) as { path: string; name: string; first: number; step: number; count: number; delayMs: number };
  const storage = new SqliteStorage(path);
  const study = await storage.loadStudy(name);
  if (!study) throw new Error(`writer: study ${name} is not stored`);
  for (let k = 0; k < count; k++) {
    const { p, r } = liveTrial(first + k * step);
    await storage.addProposal(study.id, p, `writer-${first}`);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    await storage.finishTrial(study.id, p.trial, r);
  }
  storage.close();
  process.stdout.write(`done ${count}\n`);
}
