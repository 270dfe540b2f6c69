import type { Proposal, Told } from '../search/types.js';
import type { TrialRecord } from './types.js';

/**
 * What the strategy is told for a record: accuracy as the one objective, 0 for a rejected (infeasible) candidate so
 * the constraint handling can rank it, null (failed) otherwise. The runner and resume-by-replay both use this, so a
 * replayed strategy hears exactly what the original heard.
 */
export function toldOf<G>(proposal: Proposal<G>, rec: TrialRecord): Told<G> {
  const objectives = rec.accuracy === null ? (rec.state === 'infeasible' ? [0] : null) : [rec.accuracy];
  return { proposal, objectives, violation: rec.violation };
}
