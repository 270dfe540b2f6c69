/** Mean, population standard deviation and standard error of the mean (std of the sample / sqrt(n)). */
export function summarise(values: readonly number[]): { mean: number; std: number; se: number } {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const ss = values.reduce((a, b) => a + (b - mean) ** 2, 0);
  return { mean, std: Math.sqrt(ss / n), se: n > 1 ? Math.sqrt(ss / (n - 1) / n) : NaN };
}

/**
 * The paired difference a - b over runs with the same seeds (a[i] and b[i] share seed i): its mean, its standard
 * error, and whether a beats b by more than twice that error. Throws RangeError for unequal lengths.
 */
export function pairedDifference(a: readonly number[], b: readonly number[]): { mean: number; se: number; significant: boolean } {
  if (a.length !== b.length) throw new RangeError(`pairedDifference: a and b must pair up run by run; got ${a.length} and ${b.length} values.`);
  const d = summarise(a.map((v, i) => v - (b[i] as number)));
  return { mean: d.mean, se: d.se, significant: d.mean > 2 * d.se };
}
