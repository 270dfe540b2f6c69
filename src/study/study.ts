import type { SearchSpace } from '../space/types.js';
import { StudyError } from './errors.js';
import { configDiff } from './config-diff.js';
import type { Storage, StoredProposal, StudyId, TrialRow } from './storage/types.js';
import type { TrialRecord } from './types.js';

/** An opened study: its id, whether it existed, and its stored trials in trial order. */
export interface OpenedStudy {
  readonly id: StudyId;
  readonly name: string;
  readonly resumed: boolean;
  readonly rows: readonly TrialRow[];
}

/**
 * Creates the study `name` with `config`, or opens it when it exists with the same config (except the fields in
 * RESUMABLE_FIELDS). Throws StudyError listing the differences when the stored config differs. `normalise` fills the
 * defaults of a stored config before comparing (the search passes its config parser).
 */
export async function openStudy(storage: Storage, name: string, config: unknown, normalise: (stored: unknown) => unknown = (c) => c): Promise<OpenedStudy> {
  const existing = await storage.loadStudy(name);
  if (!existing) return { id: await storage.createStudy({ name, config }), name, resumed: false, rows: [] };
  // A study stored by an older tinyevo lacks the fields added since; with their defaults filled it compares equal.
  let stored = existing.config;
  try { stored = normalise(existing.config); } catch { /* compare as stored: the diff names the bad fields */ }
  const diff = configDiff(stored, config);
  if (diff.length > 0) {
    throw new StudyError(`study '${name}': config must equal the stored one to resume; got ${diff.length} difference(s): ${diff.join('; ')}. Resume it with its stored config (tinyevo search --study ${name} --resume), or start a new study with --study ${name}-2.`);
  }
  return { id: existing.id, name, resumed: true, rows: await storage.trials(existing.id) };
}

/** The runner hooks that store each proposal as running and each record (before it is told) in a study; a record a worker stored is not stored again. */
export function studyHooks(storage: Storage, id: StudyId, workerId?: string): { propose: (p: StoredProposal) => Promise<void>; record: (r: TrialRecord, stored?: boolean) => Promise<void> } {
  return {
    propose: (p) => storage.addProposal(id, p, workerId),
    record: async (r, stored) => { if (!stored) await storage.finishTrial(id, r.trial, r); },
  };
}

/** The genome of a stored trial, decoded by its space (for export and the final model). */
export function genomeOf<G>(space: SearchSpace<G>, row: TrialRow): G {
  return space.fromJSON(row.genome);
}
