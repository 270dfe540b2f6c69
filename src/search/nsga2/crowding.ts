/**
 * NSGA-II's crowding distance of the points of one front (objective vectors of equal length): for each objective the
 * points are sorted, the two boundary points get Infinity and every other point adds the gap between its neighbours
 * divided by the objective's range. An objective with zero or infinite range adds nothing. Larger means lonelier.
 */
export function crowdingDistance(front: readonly (readonly number[])[]): number[] {
  const distance = front.map(() => 0);
  if (front.length === 0) return distance;
  const m = (front[0] as readonly number[]).length;
  for (let k = 0; k < m; k++) {
    const order = front.map((_, i) => i).sort((a, b) => ((front[a] as readonly number[])[k] as number) - ((front[b] as readonly number[])[k] as number) || a - b);
    const value = (at: number) => (front[order[at] as number] as readonly number[])[k] as number;
    const range = value(order.length - 1) - value(0);
    distance[order[0] as number] = Infinity;
    distance[order[order.length - 1] as number] = Infinity;
    // Failed results sit at Infinity: their range is not a number, and they add nothing.
    if (!(range > 0 && Number.isFinite(range))) continue;
    for (let at = 1; at < order.length - 1; at++) distance[order[at] as number]! += (value(at + 1) - value(at - 1)) / range;
  }
  return distance;
}
