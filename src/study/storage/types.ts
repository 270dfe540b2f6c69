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

/** A stored study, with its trial counts by state. */
export interface StudyRow {
  readonly id: StudyId;
  readonly name: string;
  readonly config: unknown;
  readonly createdAt: string;
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
}

/** Which trials `trials` returns; all when unset. */
export interface TrialFilter {
  readonly states?: readonly StoredTrialState[];
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
  /** Releases files and handles; the storage is unusable after. */
  close(): void;
}

/**
 * A storage that several worker processes share: proposals are queued as pending, and a worker claims one in a
 * transaction (pending, or running with a heartbeat older than the lease), beats while evaluating, then finishes it.
 */
export interface QueueStorage extends Storage {
  /** Stores a proposal as pending (no worker); throws TrialFinishedError/StudyError as addProposal does. */
  enqueue(study: StudyId, p: StoredProposal): Promise<void>;
  /** Claims the lowest pending trial, or a running one whose lease (`leaseMs` since its heartbeat) ran out; null when none. */
  claimPending(study: StudyId, workerId: string, leaseMs: number): Promise<TrialRow | null>;
  /** Renews `workerId`'s lease on a trial; false when the worker no longer holds it. */
  heartbeat(study: StudyId, trial: number, workerId: string): Promise<boolean>;
}
