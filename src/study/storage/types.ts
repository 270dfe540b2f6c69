import type { TrialRecord, TrialState } from '../types.js';

/** A stored trial's state: proposed but not yet claimed, being evaluated, or finished with a record. */
export type StoredTrialState = 'pending' | 'running' | TrialState;

/** The states of finished trials (those with a record). */
export const FINISHED_STATES: readonly StoredTrialState[] = ['complete', 'infeasible', 'duplicate', 'failed'];

/** What a new study is made of: a unique name and its full configuration (plain JSON). */
export interface StudySpec {
  readonly name: string;
  readonly config: unknown;
}

/** A storage-assigned study number. */
export type StudyId = number;

/** Whether a study's search is still running ('open') or has ended ('closed'). */
export type StudyStatus = 'open' | 'closed';

/** A stored study, with its trial counts by state. */
export interface StudyRow {
  readonly id: StudyId;
  readonly name: string;
  readonly config: unknown;
  readonly createdAt: string;
  /** 'open' while a search may still add trials; 'closed' once it ended (workers then exit when the queue is empty). */
  readonly status: StudyStatus;
  readonly counts: Readonly<Partial<Record<StoredTrialState, number>>>;
}

/** A proposal as stored: the genome as its space's JSON, its canonical key, and the trials it was bred from. */
export interface StoredProposal {
  readonly trial: number;
  readonly genome: unknown;
  readonly key: string;
  readonly parents: readonly number[];
}

/** A stored trial: the proposal, its state, the record once finished, and the lease of the worker evaluating it. */
export interface TrialRow extends StoredProposal {
  readonly state: StoredTrialState;
  readonly record: TrialRecord | null;
  readonly workerId: string | null;
  /** Unix milliseconds of the last heartbeat of the worker holding the trial, null when none holds it. */
  readonly heartbeatMs: number | null;
  readonly proposedMs: number;
  readonly finishedMs: number | null;
  /** How many times a worker claimed the trial from the queue. */
  readonly attempts: number;
  /** The error of the last attempt that failed without a record (a worker that crashed, hung or threw). */
  readonly lastError: string | null;
}

/** Which trials `trials` returns; all when unset. */
export interface TrialFilter {
  readonly states?: readonly StoredTrialState[];
  /** Only trials numbered at least this. */
  readonly fromTrial?: number;
}

/**
 * Where studies live (after Optuna's BaseStorage). Rules every implementation keeps, checked by `storageContract`:
 * returned rows are copies; a finished trial never changes; `finishTrial` on a finished trial throws
 * TrialFinishedError; `createStudy` on an existing name throws DuplicateStudyError; trials come back ordered by
 * trial number. A result is stored (finishTrial resolved) before the runner tells it to the strategy.
 */
export interface Storage {
  /** Creates a study; throws DuplicateStudyError if the name is taken. */
  createStudy(spec: StudySpec): Promise<StudyId>;
  /** The study of that name, or null. */
  loadStudy(name: string): Promise<StudyRow | null>;
  /** Every study, ordered by name. */
  listStudies(): Promise<readonly StudyRow[]>;
  /** Deletes a study and its trials; false if there was none. */
  deleteStudy(name: string): Promise<boolean>;
  /**
   * Stores a proposal as running (held by `workerId`). Storing again a trial that is pending or running with the same
   * key re-queues it (a resumed run evaluates it again); throws TrialFinishedError if it is finished, StudyError if the key differs.
   */
  addProposal(study: StudyId, p: StoredProposal, workerId?: string): Promise<void>;
  /** Stores a trial's result; throws TrialFinishedError if it was finished before, StudyError if it was never proposed. */
  finishTrial(study: StudyId, trial: number, r: TrialRecord): Promise<void>;
  /** The study's trials ordered by trial number, optionally only those in the given states. */
  trials(study: StudyId, filter?: TrialFilter): Promise<readonly TrialRow[]>;
  /** Marks the study's search as running or ended. */
  setStudyStatus(study: StudyId, status: StudyStatus): Promise<void>;
  /** Releases files, handles and connections (a promise where that is asynchronous); the storage is unusable after. */
  close(): void | Promise<void>;
}

/**
 * A storage that several worker processes share: proposals are queued as pending, and a worker claims one in a
 * transaction (pending, or running with a heartbeat older than the lease), beats while evaluating, then finishes it.
 */
export interface QueueStorage extends Storage {
  /** Stores a proposal as pending (no worker); throws TrialFinishedError/StudyError as addProposal does. */
  enqueue(study: StudyId, p: StoredProposal): Promise<void>;
  /**
   * Claims the lowest pending trial, or one running in a worker whose lease (`leaseMs` since its heartbeat) ran out;
   * null when none. Trials the search process holds itself (running with no worker id) are never claimed. A trial already claimed `maxAttempts` times is not claimed again: it is finished as failed with its last
   * error (a trial that kills its workers is not retried forever).
   */
  claimPending(study: StudyId, workerId: string, leaseMs: number, maxAttempts?: number): Promise<TrialRow | null>;
  /** Renews `workerId`'s lease on a trial; false when the worker no longer holds it. */
  heartbeat(study: StudyId, trial: number, workerId: string): Promise<boolean>;
  /**
   * Gives a held trial back to the queue after an attempt that ended without a record, keeping the error; false when
   * not held. With `refund` the attempt does not count (the worker was stopped from outside, not by the trial).
   */
  releaseTrial(study: StudyId, trial: number, workerId: string, error: string, refund?: boolean): Promise<boolean>;
}

/** How many claims a trial gets before it is finished as failed (see QueueStorage.claimPending). */
export const DEFAULT_MAX_ATTEMPTS = 3;

/** The record of a trial that failed `attempts` times without a result (its architecture fields stay empty). */
export function exhaustedRecord(row: TrialRow): TrialRecord {
  const why = row.lastError ?? 'its worker stopped sending heartbeats (crashed or hung)';
  return {
    trial: row.trial, state: 'failed', genome: row.genome, key: row.key, hash: '', parents: row.parents, accuracy: null, curve: [],
    violation: 0, limits: [], params: 0, macs: 0, seconds: 0, error: `gave up after ${row.attempts} attempts; last: ${why}`,
  };
}
