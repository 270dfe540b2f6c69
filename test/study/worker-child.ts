/**
 * A worker process of the workers and crash tests: claims queued trials of a study (SQLite or PostgreSQL), trains
 * them with the synthetic estimator exactly as the search process would (describeCandidate + trainCandidate), and
 * stores the records, until the study is closed. Prints `{workerId, finished}` as its last stdout line. Does nothing
 * unless TINYEVO_WORKER_CHILD is set, so a test runner that loads this file runs nothing.
 */
import { Nb201Space } from '../../src/space/nb201/index.js';
import { InlineHeartbeat } from '../../src/study/heartbeat.js';
import { openStorage } from '../../src/study/storage/open.js';
import { describeCandidate, trainCandidate } from '../../src/study/trial.js';
import { releaseStopped, runWorker, workerIdOf } from '../../src/study/worker.js';
import type { TrialRow } from '../../src/study/storage/types.js';
import { check, FIDELITY, SlowMacsEstimator } from './synthetic-study.js';
import type { WorkerChildSpec } from './worker-harness.js';

const env = process.env.TINYEVO_WORKER_CHILD;
if (env) {
  const spec = JSON.parse(env) as WorkerChildSpec;
  // Started with an IPC channel: a parent that dies (even by SIGKILL) takes its workers with it, their trials given back.
  let stopping: (() => void) | null = null;
  process.on('disconnect', () => (stopping ? stopping() : process.exit(0)));
  if (!process.connected) process.exit(0);
  const storage = await openStorage(spec.storage);
  const space = new Nb201Space();
  const estimator = new SlowMacsEstimator(spec.delayMs);
  const workerId = workerIdOf();
  let study = await storage.loadStudy(spec.name);
  for (let i = 0; !study && i < 200; i++) {
    await new Promise((r) => setTimeout(r, 25));
    study = await storage.loadStudy(spec.name);
  }
  if (!study) throw new Error(`study ${spec.name} never appeared`);
  const heartbeat = new InlineHeartbeat(storage, study.id, workerId, Math.max(20, spec.leaseMs / 4));
  const finished: number[] = [];
  let held: TrialRow | null = null;
  const id = study.id;
  stopping = () => { void releaseStopped(storage, id, workerId, held, 'the search process stopped').finally(() => process.exit(0)); };
  if (!process.connected) stopping();
  await runWorker({
    storage, study: study.id, name: spec.name, workerId, leaseMs: spec.leaseMs, pollMs: 5, heartbeat, onHold: (r) => { held = r; },
    onTrial: (row, outcome) => { if ('record' in outcome && outcome.stored) finished.push(row.trial); },
  }, async (row) => {
    if (row.trial === spec.hangOnTrial) {
      process.stdout.write(`holding ${row.trial}\n`);
      await new Promise(() => {});
    }
    return (await trainCandidate({ estimator, fidelity: FIDELITY }, describeCandidate(space, check, row))).record;
  });
  await heartbeat.stop();
  await storage.close();
  process.stdout.write(`${JSON.stringify({ workerId, finished })}\n`);
  if (process.connected) process.disconnect();
}
