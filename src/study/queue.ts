import type { RemoteEvaluator } from './runner.js';
import { StudyError } from './errors.js';
import { FINISHED_STATES, type QueueStorage, type StoredProposal, type StudyId } from './storage/types.js';
import type { TrialRecord } from './types.js';
import { isDeadLocalWorker } from './worker.js';

/** Options of `QueueEvaluator`. */
export interface QueueEvaluatorOptions {
  /** How often to look for finished trials. */
  readonly pollMs: number;
  /** Says why no worker can make progress (all local workers exited), or null while they can; checked every poll. */
  readonly stalled?: () => string | null;
  /** Called when trials finish, with how many of the batch are done. */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * The search process's side of the work queue: stores a batch's feasible proposals as pending, then waits until
 * workers (local processes or other machines) have stored all their records, and returns them. Trials held by a
 * local worker process that has died are given back to the queue at once, instead of after their lease.
 */
export class QueueEvaluator implements RemoteEvaluator {
  constructor(private readonly storage: QueueStorage, private readonly study: StudyId, private readonly o: QueueEvaluatorOptions) {}

  async evaluate(proposals: readonly StoredProposal[], signal?: AbortSignal): Promise<ReadonlyMap<number, TrialRecord>> {
    for (const p of proposals) await this.storage.enqueue(this.study, p);
    const wanted = new Set(proposals.map((p) => p.trial));
    const from = Math.min(...wanted);
    const got = new Map<number, TrialRecord>();
    for (;;) {
      const rows = await this.storage.trials(this.study, { fromTrial: from });
      for (const r of rows) {
        if (!wanted.has(r.trial)) continue;
        if (FINISHED_STATES.includes(r.state) && r.record) got.set(r.trial, r.record);
        else if (r.state === 'running' && r.workerId && isDeadLocalWorker(r.workerId)) {
          await this.storage.releaseTrial(this.study, r.trial, r.workerId, `its worker ${r.workerId} exited while evaluating it`);
        }
      }
      this.o.onProgress?.(got.size, wanted.size);
      if (got.size === wanted.size) return got;
      if (signal?.aborted) throw new StudyError(`search: stopped while ${wanted.size - got.size} trial(s) were with workers; resume with the same --study.`);
      const stalled = this.o.stalled?.();
      if (stalled) throw new StudyError(`search: workers must finish the queued trials; got ${stalled} with ${wanted.size - got.size} trial(s) unfinished. Resume with the same --study.`);
      await new Promise((r) => setTimeout(r, this.o.pollMs));
    }
  }
}
