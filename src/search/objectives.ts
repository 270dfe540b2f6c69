import { SearchError } from '../errors.js';
import type { Direction, Told } from './types.js';

/** The directions assumed when none are given: maximise the first objective (accuracy), minimise the rest (costs). */
export function defaultDirections(count: number): Direction[] {
  return Array.from({ length: count }, (_, i) => (i === 0 ? 'maximize' : 'minimize'));
}

/**
 * A told result's objectives in minimisation form (maximised ones negated), or null when it failed. Throws
 * SearchError when the result has a different number of objectives than `directions`.
 */
export function minimised(where: string, told: Told<unknown>, directions: readonly Direction[]): number[] | null {
  const o = told.objectives;
  if (o === null) return null;
  if (o.length !== directions.length) {
    throw new SearchError(`${where}: trial ${told.proposal.trial} must have ${directions.length} objectives (${directions.join(', ')}); got ${o.length} ([${o.join(', ')}]). Tell one value per direction, or set directions.`);
  }
  return o.map((v, i) => (directions[i] === 'maximize' ? -v : v));
}
