import type { Strategy } from '../search/types.js';
import type { SearchSpace } from '../space/types.js';
import { ReplayMismatchError } from './errors.js';
import { FINISHED_STATES, type TrialRow } from './storage/types.js';
import { toldOf } from './told.js';
import type { TrialRecord } from './types.js';

/**
 * Rebuilds a fresh strategy's state (same seed) from a stored study: asks and tells each finished trial in trial
 * order, as the runner did. Stops at the first unfinished trial, which the runner then asks for again and evaluates
 * (re-queue). Throws ReplayMismatchError when a replayed proposal's trial or key differs from the stored one.
 * Returns the finished records, in order, for the runner's `prior`.
 */
export function replayStudy<G>(strategy: Strategy<G>, space: SearchSpace<G>, rows: readonly TrialRow[]): TrialRecord[] {
  const done: TrialRecord[] = [];
  for (const row of rows) {
    if (!FINISHED_STATES.includes(row.state) || !row.record) break;
    const [p] = strategy.ask(1);
    const key = p ? space.key(p.genome) : '(none)';
    if (!p || p.trial !== row.trial || key !== row.key) {
      throw new ReplayMismatchError(`resume: replayed proposal ${done.length} must equal stored trial ${row.trial} (key '${row.key}'); got trial ${p?.trial ?? '(none)'} with key '${key}'. The strategy, space or seed differs from the run that stored the study; start a new study.`);
    }
    strategy.tell([toldOf(p, row.record)]);
    done.push(row.record);
  }
  const gap = rows.slice(done.length).find((r) => FINISHED_STATES.includes(r.state));
  if (gap) {
    throw new ReplayMismatchError(`resume: finished trials must follow each other with no unfinished trial between; got trial ${gap.trial} finished after unfinished trial ${rows[done.length]?.trial}. This study was run by several workers; resume it with workers.`);
  }
  return done;
}
