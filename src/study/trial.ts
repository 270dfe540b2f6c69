import { totalMacs, totalParams } from '../arch/graph.js';
import { canonicalHash } from '../arch/hash.js';
import type { ArchGraph } from '../arch/types.js';
import type { WeightTensor } from '../engine/weights.js';
import { EngineError } from '../errors.js';
import type { Estimate, Estimator, Fidelity } from '../estimate/types.js';
import type { SearchSpace } from '../space/types.js';
import type { StoredProposal } from './storage/types.js';
import type { ConstraintCheck, TrialRecord } from './types.js';

/** The fields of a record known before training: the proposal, its architecture and its cost check. */
export type CandidateBase = Omit<TrialRecord, 'state' | 'accuracy' | 'curve' | 'seconds'>;

/** A proposal decoded and checked: its graph and the record fields known before training. */
export interface Candidate {
  readonly graph: ArchGraph;
  readonly base: CandidateBase;
}

/** Decodes a stored proposal and checks its cost (pure and cheap; no training). */
export function describeCandidate<G>(space: SearchSpace<G>, check: (g: ArchGraph) => ConstraintCheck, p: StoredProposal): Candidate {
  const graph = space.decode(space.fromJSON(p.genome));
  const c = check(graph);
  return {
    graph,
    base: { trial: p.trial, genome: p.genome, key: p.key, hash: canonicalHash(graph), parents: p.parents, violation: c.violation, limits: c.limits, params: totalParams(graph), macs: totalMacs(graph) },
  };
}

/** What training a candidate needs: the estimator at its fidelity, and where to keep the trained weights. */
export interface TrainSetup {
  readonly estimator: Estimator;
  readonly fidelity: Fidelity;
  /** Stores a complete trial's weights before its record (returns the reference the record keeps). */
  readonly storeWeights?: (trial: number, weights: Estimate['weights']) => TrialRecord['weights'];
}

/**
 * Trains one feasible candidate and builds its record: complete with accuracy and curve, or failed with the engine's
 * message (an EngineError, such as a network too large to train). Other errors are bugs and propagate. The same
 * function runs in the search process and in workers, so a trial's record does not depend on where it ran.
 */
export async function trainCandidate(setup: TrainSetup, c: Candidate, signal?: AbortSignal, start?: readonly WeightTensor[]): Promise<{ record: TrialRecord; estimate: Estimate | null }> {
  try {
    const estimate = await setup.estimator.estimate(c.graph, setup.fidelity, signal, start);
    const record: TrialRecord = {
      ...c.base, state: 'complete', accuracy: estimate.accuracy, curve: estimate.curve, seconds: estimate.seconds,
      ...(estimate.floatAccuracy !== undefined && { floatAccuracy: estimate.floatAccuracy }), ...(estimate.stoppedAtEpoch !== undefined && { stoppedAtEpoch: estimate.stoppedAtEpoch }),
      ...(setup.storeWeights && estimate.weights.length > 0 && { weights: setup.storeWeights(c.base.trial, estimate.weights) }),
    };
    return { record, estimate };
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    return { record: { ...c.base, state: 'failed', accuracy: null, curve: [], seconds: 0, error: e.message }, estimate: null };
  }
}
