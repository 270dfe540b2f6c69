/**
 * A worker process of the workers test (study-workers.test.ts): claims pending trials from SQLite storage, scores
 * them with a fast synthetic objective and finishes them, until none is left. Does nothing unless TINYEVO_WORKER_CHILD is set.
 */
import { totalMacs } from '../../src/arch/graph.js';
import { Nb201Space } from '../../src/space/nb201/index.js';
import { SqliteStorage } from '../../src/study/storage/sqlite.js';

const spec = process.env.TINYEVO_WORKER_CHILD;
if (spec) {
  const { path, name, workerId } = JSON.parse(spec) as { path: string; name: string; workerId: string };
  const storage = new SqliteStorage(path);
  const space = new Nb201Space();
  const study = await storage.loadStudy(name);
  let done = 0;
  for (let row = await storage.claimPending(study?.id ?? -1, workerId, 30_000); row; row = await storage.claimPending(study?.id ?? -1, workerId, 30_000)) {
    const genome = space.fromJSON(row.genome);
    const macs = totalMacs(space.decode(genome));
    await new Promise((r) => setTimeout(r, 1));
    await storage.heartbeat(study?.id ?? -1, row.trial, workerId);
    const accuracy = Math.min(0.99, macs / 3e8);
    await storage.finishTrial(study?.id ?? -1, row.trial, {
      trial: row.trial, state: 'complete', genome: row.genome, key: row.key, hash: row.key, parents: row.parents, accuracy, curve: [accuracy],
      violation: 0, limits: [], params: 0, macs, seconds: 0.001,
    });
    done++;
  }
  storage.close();
  process.stdout.write(`${JSON.stringify({ workerId, done })}\n`);
}
