/** The body of ThreadHeartbeat's thread: opens its own storage and renews the held trial's lease every interval. */
import { parentPort, workerData } from 'node:worker_threads';
import type { HeartbeatThreadData } from './heartbeat.js';
import { openStorage } from './storage/open.js';

const data = workerData as HeartbeatThreadData;
const storage = await openStorage(data.storage);
let trial: number | null = null;
const beat = (): void => {
  if (trial !== null) void storage.heartbeat(data.study, trial, data.workerId).catch(() => {});
};
const timer = setInterval(beat, data.intervalMs);
parentPort?.on('message', (m: number | null | 'stop') => {
  if (m === 'stop') {
    clearInterval(timer);
    void Promise.resolve(storage.close()).finally(() => process.exit(0));
    return;
  }
  trial = m;
  beat();
});
