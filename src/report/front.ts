/** A point of a two-objective trade-off: `cost` is minimised (bytes), `value` is maximised (accuracy). */
export interface TradeoffPoint {
  readonly trial: number;
  readonly cost: number;
  readonly value: number;
}

/**
 * The Pareto front of `points` (minimise cost, maximise value) in O(n log n): sort by cost ascending (ties: higher
 * value first), then sweep keeping each point whose value beats every cheaper one. Exact duplicates keep the first
 * (lowest trial). Returns the front ordered by cost.
 */
export function paretoFront2(points: readonly TradeoffPoint[]): TradeoffPoint[] {
  const sorted = [...points].sort((a, b) => a.cost - b.cost || b.value - a.value || a.trial - b.trial);
  const front: TradeoffPoint[] = [];
  let bestValue = -Infinity;
  for (const p of sorted) {
    if (p.value > bestValue) {
      front.push(p);
      bestValue = p.value;
    }
  }
  return front;
}

/** Whether `a` dominates `b`: no worse in both objectives and better in one. */
export function dominates2(a: TradeoffPoint, b: TradeoffPoint): boolean {
  return a.cost <= b.cost && a.value >= b.value && (a.cost < b.cost || a.value > b.value);
}

/**
 * The same front by brute force, O(n^2): every point no other point dominates, exact duplicates collapsed to the
 * lowest trial. A reference for tests of `paretoFront2`; ordered by cost.
 */
export function paretoFrontBruteForce(points: readonly TradeoffPoint[]): TradeoffPoint[] {
  const kept = points.filter((p) => !points.some((q) => dominates2(q, p)));
  const unique = kept.filter((p) => !kept.some((q) => q.cost === p.cost && q.value === p.value && q.trial < p.trial));
  return unique.sort((a, b) => a.cost - b.cost);
}
