import { SpaceError } from '../errors.js';
import type { Rng } from '../util/rng.js';
import type { Decision, Issue } from './types.js';

/** A genome of a fixed-length categorical space: one choice index per decision. */
export type Choices = readonly number[];

/** Issues of a fixed-length genome against its decisions (length, integer indices in range). */
export function validateChoices(space: string, decisions: readonly Decision[], genome: unknown): Issue[] {
  if (!Array.isArray(genome)) return [{ path: '', message: `${space}: genome must be an array of ${decisions.length} choice indices; got ${JSON.stringify(genome)}.` }];
  if (genome.length !== decisions.length) {
    return [{ path: '', message: `${space}: genome must have ${decisions.length} entries (${decisions.map((d) => d.name).join(', ')}); got ${genome.length}.` }];
  }
  const issues: Issue[] = [];
  genome.forEach((v: unknown, i) => {
    const d = decisions[i] as Decision;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v >= d.choices.length) {
      issues.push({ path: `[${i}]`, message: `${space}: ${d.name} must be an index in [0, ${d.choices.length - 1}] (${d.choices.join(', ')}); got ${JSON.stringify(v)}.` });
    }
  });
  return issues;
}

/** Throws SpaceError listing every issue when the list is not empty. */
export function throwIfIssues(issues: readonly Issue[]): void {
  if (issues.length > 0) throw new SpaceError(issues.map((i) => i.message).join('\n'));
}

/** A uniform sample of every decision. */
export function sampleChoices(decisions: readonly Decision[], rng: Rng): number[] {
  return decisions.map((d) => rng.int(0, d.choices.length - 1));
}

/**
 * Mutates each position with probability `rate`, and at least one position, always to a different choice
 * (Real et al. 2019 redraw one position; unlike them we never return an unchanged genome).
 */
export function mutateChoices(decisions: readonly Decision[], genome: Choices, rng: Rng, rate = 0): number[] {
  const out = [...genome];
  const mutable = decisions.map((d, i) => (d.choices.length > 1 ? i : -1)).filter((i) => i >= 0);
  if (mutable.length === 0) return out;
  const redraw = (i: number) => {
    const n = (decisions[i] as Decision).choices.length;
    out[i] = ((genome[i] as number) + rng.int(1, n - 1)) % n;
  };
  const forced = rng.pick(mutable);
  redraw(forced);
  if (rate > 0) for (const i of mutable) if (i !== forced && rng.next() < rate) redraw(i);
  return out;
}

/** Uniform crossover: each position from either parent with probability 1/2. */
export function crossoverChoices(a: Choices, b: Choices, rng: Rng): number[] {
  return a.map((v, i) => (rng.next() < 0.5 ? v : (b[i] as number)));
}
