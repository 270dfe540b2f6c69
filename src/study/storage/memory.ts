import { DuplicateStudyError, StudyError, TrialFinishedError } from '../errors.js';
import type { TrialRecord } from '../types.js';
import { alreadyFinished, copyJson, duplicateStudy, keyChanged, unknownTrial } from './messages.js';
import { FINISHED_STATES, type Storage, type StoredProposal, type StudyId, type StudyRow, type StudySpec, type StudyStatus, type TrialFilter, type TrialRow } from './types.js';

interface MemoryStudy {
  readonly id: StudyId;
  readonly name: string;
  readonly config: unknown;
  readonly createdAt: string;
  status: StudyStatus;
  readonly trials: Map<number, TrialRow>;
}

/** Storage in process memory: for tests and one-off searches; lost when the process ends. */
export class MemoryStorage implements Storage {
  private readonly studies = new Map<string, MemoryStudy>();
  private nextId = 1;

  async createStudy(spec: StudySpec): Promise<StudyId> {
    if (this.studies.has(spec.name)) throw new DuplicateStudyError(duplicateStudy(spec.name));
    const id = this.nextId++;
    this.studies.set(spec.name, { id, name: spec.name, config: copyJson(spec.config), createdAt: new Date().toISOString(), status: 'open', trials: new Map() });
    return id;
  }

  async loadStudy(name: string): Promise<StudyRow | null> {
    const s = this.studies.get(name);
    return s ? this.row(s) : null;
  }

  async listStudies(): Promise<readonly StudyRow[]> {
    return [...this.studies.values()].sort((a, b) => a.name.localeCompare(b.name)).map((s) => this.row(s));
  }

  async deleteStudy(name: string): Promise<boolean> {
    return this.studies.delete(name);
  }

  async addProposal(study: StudyId, p: StoredProposal, workerId?: string): Promise<void> {
    const s = this.byId(study);
    const old = s.trials.get(p.trial);
    if (old && FINISHED_STATES.includes(old.state)) throw new TrialFinishedError(alreadyFinished('addProposal', p.trial, old.state, old.record));
    if (old && old.key !== p.key) throw new StudyError(keyChanged(p.trial, old.key, p.key));
    const now = Date.now();
    s.trials.set(p.trial, { ...copyJson(p), state: 'running', record: null, workerId: workerId ?? null, heartbeatMs: now, proposedMs: old?.proposedMs ?? now, finishedMs: null, attempts: old?.attempts ?? 0, lastError: old?.lastError ?? null });
  }

  async finishTrial(study: StudyId, trial: number, r: TrialRecord): Promise<void> {
    const s = this.byId(study);
    const old = s.trials.get(trial);
    if (!old) throw new StudyError(unknownTrial('finishTrial', trial));
    if (FINISHED_STATES.includes(old.state)) throw new TrialFinishedError(alreadyFinished('finishTrial', trial, old.state, old.record));
    s.trials.set(trial, { ...old, state: r.state, record: copyJson(r), workerId: null, heartbeatMs: null, finishedMs: Date.now() });
  }

  async trials(study: StudyId, filter?: TrialFilter): Promise<readonly TrialRow[]> {
    const rows = [...this.byId(study).trials.values()].sort((a, b) => a.trial - b.trial);
    return rows.filter((t) => (!filter?.states || filter.states.includes(t.state)) && t.trial >= (filter?.fromTrial ?? -Infinity)).map((t) => copyJson(t));
  }

  async setStudyStatus(study: StudyId, status: StudyStatus): Promise<void> {
    this.byId(study).status = status;
  }

  close(): void {}

  private byId(id: StudyId): MemoryStudy {
    for (const s of this.studies.values()) if (s.id === id) return s;
    throw new StudyError(`storage: study id must exist; got ${id}. Load the study by name first.`);
  }

  private row(s: MemoryStudy): StudyRow {
    const counts: Record<string, number> = {};
    for (const t of s.trials.values()) counts[t.state] = (counts[t.state] ?? 0) + 1;
    return { id: s.id, name: s.name, config: copyJson(s.config), createdAt: s.createdAt, status: s.status, counts };
  }
}
