/** A point for non-dominated sorting: objectives in minimisation form and its total constraint violation (0 = feasible). */
export interface Candidate {
  readonly objectives: readonly number[];
  readonly violation: number;
}

/** Pareto dominance, all objectives minimised: no worse in every objective and better in one. */
export function dominates(a: readonly number[], b: readonly number[]): boolean {
  let better = false;
  for (let i = 0; i < a.length; i++) {
    if ((a[i] as number) > (b[i] as number)) return false;
    if ((a[i] as number) < (b[i] as number)) better = true;
  }
  return better;
}

/**
 * Constraint domination (Deb et al. 2002, NSGA-II §VI): a feasible point dominates an infeasible one, of two
 * infeasible points the one with the smaller total violation dominates, and two feasible points compare by Pareto
 * dominance.
 */
export function constrainedDominates(a: Candidate, b: Candidate): boolean {
  const fa = a.violation <= 0;
  const fb = b.violation <= 0;
  if (fa && fb) return dominates(a.objectives, b.objectives);
  if (fa !== fb) return fa;
  return a.violation < b.violation;
}

/**
 * Deb's fast non-dominated sort under constraint domination: the fronts as lists of indices into `points`, best
 * first (front 0 is dominated by no point). O(M·N²) comparisons.
 */
export function nonDominatedSort(points: readonly Candidate[]): number[][] {
  const dominatedBy = points.map(() => 0);
  const dominating: number[][] = points.map(() => []);
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      if (constrainedDominates(points[i] as Candidate, points[j] as Candidate)) {
        (dominating[i] as number[]).push(j);
        dominatedBy[j]!++;
      } else if (constrainedDominates(points[j] as Candidate, points[i] as Candidate)) {
        (dominating[j] as number[]).push(i);
        dominatedBy[i]!++;
      }
    }
  }
  const fronts: number[][] = [];
  let front = points.map((_, i) => i).filter((i) => dominatedBy[i] === 0);
  while (front.length > 0) {
    fronts.push(front);
    const next: number[] = [];
    for (const i of front) {
      for (const j of dominating[i] as number[]) if (--dominatedBy[j]! === 0) next.push(j);
    }
    front = next.sort((a, b) => a - b);
  }
  return fronts;
}

/** The rank (front number, 0 = best) of every point. */
export function paretoRanks(points: readonly Candidate[]): number[] {
  const ranks = points.map(() => 0);
  nonDominatedSort(points).forEach((front, r) => front.forEach((i) => (ranks[i] = r)));
  return ranks;
}
