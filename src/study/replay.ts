import type { Proposal, Strategy } from '../search/types.js';
import type { SearchSpace } from '../space/types.js';
import { ReplayMismatchError } from './errors.js';
import { FINISHED_STATES, type TrialRow } from './storage/types.js';
import { toldOf } from './told.js';
import type { TrialRecord } from './types.js';

/** A replayed study: the finished records told to the strategy, and the batch it was in the middle of, if any. */
export interface Replayed<G> {
  /** Finished records in trial order, already told: the runner's `prior`. */
  readonly records: TrialRecord[];
  /**
   * The batch asked again whose trials were not all finished when the run stopped: its proposals, and the records of
   * those that did finish (the runner evaluates only the others, then tells the whole batch). Null when none.
   */
  readonly open: OpenBatch<G> | null;
}

/** A batch the strategy has proposed but not yet been told (see Replayed.open). */
export interface OpenBatch<G> {
  readonly proposals: readonly Proposal<G>[];
  readonly finished: ReadonlyMap<number, TrialRecord>;
}

/**
 * Rebuilds a fresh strategy's state (same seed) from a stored study by asking and telling in batches of `batch`, in
 * trial order, exactly as the runner did. The first batch with an unfinished (or missing) trial is returned as `open`;
 * the runner evaluates its unfinished trials first (re-queue). Throws ReplayMismatchError when a replayed proposal's
 * trial or key differs from the stored one, or a finished trial follows that open batch.
 */
export function replayStudy<G>(strategy: Strategy<G>, space: SearchSpace<G>, rows: readonly TrialRow[], batch = 1): Replayed<G> {
  const records: TrialRecord[] = [];
  let open: OpenBatch<G> | null = null;
  let i = 0;
  while (i < rows.length) {
    const props = strategy.ask(batch);
    if (props.length === 0) throw mismatch(records.length, rows[i] as TrialRow, undefined, '(none)');
    props.forEach((p, j) => {
      const row = rows[i + j];
      const key = space.key(p.genome);
      if (row && (p.trial !== row.trial || key !== row.key)) throw mismatch(records.length + j, row, p.trial, key);
    });
    const stored = rows.slice(i, i + props.length);
    i += props.length;
    if (stored.length === props.length && stored.every((r) => FINISHED_STATES.includes(r.state) && r.record)) {
      strategy.tell(props.map((p, j) => toldOf(p, stored[j]?.record as TrialRecord)));
      records.push(...stored.map((r) => r.record as TrialRecord));
      continue;
    }
    open = { proposals: props, finished: new Map(stored.filter((r) => FINISHED_STATES.includes(r.state) && r.record).map((r) => [r.trial, r.record as TrialRecord])) };
    break;
  }
  const gap = rows.slice(i).find((r) => FINISHED_STATES.includes(r.state));
  if (gap) {
    throw new ReplayMismatchError(`resume: finished trials must belong to the batches replayed so far; got trial ${gap.trial} finished after the open batch ending at trial ${(rows[i - 1]?.trial ?? -1)}. The study was run with another batch size; resume it with the stored config.`);
  }
  return { records, open };
}

function mismatch(index: number, row: TrialRow, trial: number | undefined, key: string): ReplayMismatchError {
  return new ReplayMismatchError(`resume: replayed proposal ${index} must equal stored trial ${row.trial} (key '${row.key}'); got trial ${trial ?? '(none)'} with key '${key}'. The strategy, space or seed differs from the run that stored the study; start a new study.`);
}
