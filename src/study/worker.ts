import { hostname } from 'node:os';
import { TrialFinishedError } from './errors.js';
import type { Heartbeat } from './heartbeat.js';
import { DEFAULT_MAX_ATTEMPTS, type QueueStorage, type StudyId, type TrialRow } from './storage/types.js';
import type { TrialRecord } from './types.js';

/** A worker id that says where it runs: `host:pid:n` (the search process re-queues at once a local worker that died). */
export function workerIdOf(n: number | string = 0): string {
  return `${hostname()}:${process.pid}:${n}`;
}

/** Whether a worker id names a process on this host that no longer exists. */
export function isDeadLocalWorker(workerId: string): boolean {
  const [host, pid] = workerId.split(':');
  if (host !== hostname() || !pid || !/^\d+$/.test(pid)) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (e) {
    return (e as { code?: string }).code === 'ESRCH';
  }
}

/** Options of `runWorker`. */
export interface WorkerOptions {
  readonly storage: QueueStorage;
  readonly study: StudyId;
  /** The study's name (its status is read by name). */
  readonly name: string;
  readonly workerId: string;
  /** A trial whose holder sent no heartbeat for this long is claimed by another worker. */
  readonly leaseMs: number;
  /** How long to wait before looking again when the queue is empty. */
  readonly pollMs: number;
  readonly maxAttempts?: number;
  readonly heartbeat: Heartbeat;
  /** Also stop after this long with nothing to claim (default: only when the study is closed). */
  readonly idleExitMs?: number;
  readonly signal?: AbortSignal;
  /** Called with each claimed trial, and with null once it is finished or given back. */
  readonly onHold?: (row: TrialRow | null) => void;
  /** Called after each trial with its row and record (or error). */
  readonly onTrial?: (row: TrialRow, outcome: { record: TrialRecord; stored: boolean } | { error: string }) => void;
}

/**
 * Gives the held trial back without counting the attempt, for a worker stopped from outside (its search process
 * went away, or it was interrupted): the trial is not to blame.
 */
export async function releaseStopped(storage: QueueStorage, study: StudyId, workerId: string, held: TrialRow | null, why: string): Promise<void> {
  if (held) await storage.releaseTrial(study, held.trial, workerId, why, true).catch(() => false);
}

/** What a worker did. */
export interface WorkerSummary {
  readonly workerId: string;
  readonly finished: number;
  readonly released: number;
  /** Trials whose result another worker stored first (this worker's lease had run out). */
  readonly lost: number;
}

/**
 * A worker's loop: claim the lowest pending trial, evaluate it while the heartbeat keeps the lease, store the record,
 * repeat; wait while the queue is empty; stop when the study is closed and nothing is left to claim. An evaluation that
 * throws gives the trial back with its error (after `maxAttempts` claims it ends failed), and the worker goes on.
 */
export async function runWorker(o: WorkerOptions, evaluate: (row: TrialRow) => Promise<TrialRecord>): Promise<WorkerSummary> {
  let finished = 0;
  let released = 0;
  let lost = 0;
  let idleSince = performance.now();
  while (!o.signal?.aborted) {
    const row = await o.storage.claimPending(o.study, o.workerId, o.leaseMs, o.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
    if (!row) {
      const study = await o.storage.loadStudy(o.name);
      if (!study || study.id !== o.study || study.status === 'closed') break;
      if (o.idleExitMs !== undefined && performance.now() - idleSince > o.idleExitMs) break;
      await new Promise((r) => setTimeout(r, o.pollMs));
      continue;
    }
    o.heartbeat.hold(row.trial);
    o.onHold?.(row);
    try {
      const record = await evaluate(row);
      let stored = true;
      try {
        await o.storage.finishTrial(o.study, row.trial, record);
        finished++;
      } catch (e) {
        if (!(e instanceof TrialFinishedError)) throw e;
        stored = false;
        lost++;
      }
      o.onTrial?.(row, { record, stored });
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      if (await o.storage.releaseTrial(o.study, row.trial, o.workerId, error)) released++;
      o.onTrial?.(row, { error });
    } finally {
      o.heartbeat.hold(null);
      o.onHold?.(null);
    }
    idleSince = performance.now();
  }
  return { workerId: o.workerId, finished, released, lost };
}
