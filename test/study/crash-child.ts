/**
 * The child process of the crash test (study-crash.test.ts): runs a synthetic study on SQLite storage until it is
 * killed or done. Does nothing unless TINYEVO_CRASH_CHILD is set, so a test runner that loads it runs nothing.
 */
import { SqliteStorage } from '../../src/study/storage/sqlite.js';
import { runSyntheticStudy } from './synthetic-study.js';

const spec = process.env.TINYEVO_CRASH_CHILD;
if (spec) {
  const { path, name, seed, trials, delayMs, batch, workers } = JSON.parse(spec) as { path: string; name: string; seed: number; trials: number; delayMs: number; batch?: number; workers?: number };
  const storage = new SqliteStorage(path);
  await runSyntheticStudy(storage, { name, seed, trials, delayMs, ...(batch && { batch }), ...(workers && { workers: { count: workers, storage: path, leaseMs: 5000 } }), onReady: (resumed, replayed) => process.stdout.write(`ready ${resumed} ${replayed}\n`) });
  storage.close();
  process.stdout.write('done\n');
}
