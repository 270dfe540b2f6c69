import type { TrialRecord } from '../types.js';
import type { StoredTrialState } from './types.js';

/** The message of a second finishTrial (or addProposal) on a finished trial. */
export function alreadyFinished(where: string, trial: number, state: StoredTrialState, record: TrialRecord | null): string {
  return `${where}: trial ${trial} was already told (${state.toUpperCase()}, accuracy ${record?.accuracy ?? null}); each trial is told once.`;
}

/** The message of a createStudy on a taken name. */
export function duplicateStudy(name: string): string {
  return `createStudy: study name must be unused; got '${name}', which exists. Resume it with the same config, or pick a new name such as '${name}-2'.`;
}

/** The message of an operation on a trial that was never proposed. */
export function unknownTrial(where: string, trial: number): string {
  return `${where}: trial must have been proposed first; got trial ${trial}, which is not stored. Call addProposal before finishTrial.`;
}

/** The message of re-proposing a stored trial with another genome. */
export function keyChanged(trial: number, stored: string, got: string): string {
  return `addProposal: trial ${trial} must keep its stored key '${stored}'; got '${got}'. The strategy did not replay the stored study; check seed and config.`;
}

/** A deep copy through JSON (rows handed out must not alias stored state). */
export function copyJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
