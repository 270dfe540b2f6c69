import { SearchError } from '../errors.js';

/** The 2-D hypervolume by a sweep over the points sorted on the first objective (all minimised). */
function sweep2d(points: readonly (readonly number[])[], ref: readonly number[]): number {
  const sorted = [...points].sort((a, b) => (a[0] as number) - (b[0] as number) || (a[1] as number) - (b[1] as number));
  let area = 0;
  let floor = ref[1] as number;
  for (const p of sorted) {
    if ((p[1] as number) >= floor) continue;
    area += ((ref[0] as number) - (p[0] as number)) * (floor - (p[1] as number));
    floor = p[1] as number;
  }
  return area;
}

/** Hypervolume by slicing along the last objective (exact; fine for the small fronts of a search, O(n^(d-1) log n)). */
function slice(points: readonly (readonly number[])[], ref: readonly number[]): number {
  const d = ref.length;
  if (d === 1) return points.length === 0 ? 0 : (ref[0] as number) - Math.min(...points.map((p) => p[0] as number));
  if (d === 2) return sweep2d(points, ref);
  const sorted = [...points].sort((a, b) => (a[d - 1] as number) - (b[d - 1] as number));
  let volume = 0;
  for (let i = 0; i < sorted.length; i++) {
    const top = i + 1 < sorted.length ? (sorted[i + 1] as readonly number[])[d - 1] as number : (ref[d - 1] as number);
    const depth = top - ((sorted[i] as readonly number[])[d - 1] as number);
    if (depth > 0) volume += depth * slice(sorted.slice(0, i + 1).map((p) => p.slice(0, d - 1)), ref.slice(0, d - 1));
  }
  return volume;
}

/**
 * The hypervolume (Zitzler & Thiele 1998) of a set of points, all objectives minimised: the measure of the region
 * that some point dominates and that dominates `ref`. Points not strictly better than `ref` in every objective add
 * nothing; dominated points and duplicates are allowed. Units: the product of the objectives' units.
 * Throws SearchError when a point's length differs from the reference point's.
 */
export function hypervolume(points: readonly (readonly number[])[], ref: readonly number[]): number {
  const bad = points.find((p) => p.length !== ref.length);
  if (bad) throw new SearchError(`hypervolume: every point must have ${ref.length} objectives like the reference point [${ref.join(', ')}]; got [${bad.join(', ')}].`);
  return slice(points.filter((p) => p.every((v, i) => v < (ref[i] as number))), ref);
}
