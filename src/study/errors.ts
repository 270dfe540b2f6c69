import { TinyevoError } from '../errors.js';

/** Thrown by studies and their storage: an unknown study, a config that differs from the stored one, a replay mismatch. */
export class StudyError extends TinyevoError {}

/** Thrown by `Storage.createStudy` when a study of that name already exists. */
export class DuplicateStudyError extends StudyError {}

/** Thrown by `Storage.finishTrial` when the trial was already finished (each trial is told once). */
export class TrialFinishedError extends StudyError {}

/** Thrown when a storage file is not a tinyevo study database, is corrupt, or has a newer schema; the file is left untouched. */
export class StorageFileError extends StudyError {}

/** Thrown on resume when a replayed proposal differs from the stored one (the strategy or space is not the one that ran). */
export class ReplayMismatchError extends StudyError {}
