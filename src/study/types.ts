/** One limit checked before training: the candidate's value, the limit, and the margin (limit - value; < 0 = over). */
export interface LimitCheck {
  readonly name: string;
  readonly value: number;
  readonly limit: number;
  readonly margin: number;
}

/** The cost check of one candidate: total relative excess over all limits (0 = feasible) and each limit's figures. */
export interface ConstraintCheck {
  readonly violation: number;
  readonly limits: readonly LimitCheck[];
}

/** How a trial ended: trained, rejected by the cost models before training, a repeat of an earlier architecture, or failed. */
export type TrialState = 'complete' | 'infeasible' | 'duplicate' | 'failed';

/** The record of one trial, as written to trials.jsonl. Told to the strategy only after it is written. */
export interface TrialRecord {
  readonly trial: number;
  readonly state: TrialState;
  readonly genome: unknown;
  readonly key: string;
  readonly hash: string;
  readonly parents: readonly number[];
  /** Validation accuracy at the search fidelity (null unless complete or duplicate). */
  readonly accuracy: number | null;
  readonly curve: readonly number[];
  readonly violation: number;
  readonly limits: readonly LimitCheck[];
  readonly params: number;
  readonly macs: number;
  readonly seconds: number;
  readonly error?: string;
  /** With int8 fitness: the float validation accuracy (accuracy is then the int8 one). */
  readonly floatAccuracy?: number;
  /** Set when learning-curve early stopping ended training after this many epochs (accuracy is extrapolated). */
  readonly stoppedAtEpoch?: number;
  /** The trained weights at search fidelity, stored as a file (see WeightStore), when the search keeps them. */
  readonly weights?: { readonly file: string; readonly sha256: string; readonly bytes: number };
}
