import { Worker } from 'node:worker_threads';
import type { QueueStorage, StudyId } from './storage/types.js';

/** Keeps a worker's lease on the trial it holds alive while the trial trains. */
export interface Heartbeat {
  /** Starts beating for `trial`, or stops beating when null. */
  hold(trial: number | null): void;
  stop(): Promise<void>;
}

/**
 * Beats from this thread's event loop: right when the evaluation awaits often (tests, synthetic objectives), wrong
 * for TF.js training, which holds the thread for whole epochs (use ThreadHeartbeat there).
 */
export class InlineHeartbeat implements Heartbeat {
  private trial: number | null = null;
  private readonly timer: NodeJS.Timeout;

  constructor(storage: QueueStorage, study: StudyId, workerId: string, intervalMs: number) {
    this.timer = setInterval(() => {
      if (this.trial !== null) void storage.heartbeat(study, this.trial, workerId).catch(() => {});
    }, intervalMs);
    this.timer.unref();
  }

  hold(trial: number | null): void {
    this.trial = trial;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
  }
}

/** What the heartbeat thread needs: its own connection to the storage, and whom to beat for. */
export interface HeartbeatThreadData {
  readonly storage: string;
  readonly study: StudyId;
  readonly workerId: string;
  readonly intervalMs: number;
}

/**
 * Beats from a worker thread with its own storage connection, so a training step that blocks the main thread for
 * minutes does not lose the lease. The thread ends with the process, so a crashed worker stops beating and its trial
 * is re-queued when the lease runs out.
 */
export class ThreadHeartbeat implements Heartbeat {
  private readonly worker: Worker;

  constructor(data: HeartbeatThreadData) {
    this.worker = new Worker(new URL('./heartbeat-thread.js', import.meta.url), { workerData: data });
    this.worker.unref();
  }

  hold(trial: number | null): void {
    this.worker.postMessage(trial);
  }

  async stop(): Promise<void> {
    this.worker.postMessage('stop');
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => { void this.worker.terminate().then(() => resolve()); }, 5000);
      this.worker.once('exit', () => { clearTimeout(t); resolve(); });
    });
  }
}
