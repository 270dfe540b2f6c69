/** Solves the square system M x = v by Gaussian elimination with partial pivoting; null when M is singular. */
function solve(m: number[][], v: number[]): number[] | null {
  const n = v.length;
  const a = m.map((row, i) => [...row, v[i] as number]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs((a[r] as number[])[c] as number) > Math.abs((a[p] as number[])[c] as number)) p = r;
    if (Math.abs((a[p] as number[])[c] as number) < 1e-12) return null;
    [a[c], a[p]] = [a[p] as number[], a[c] as number[]];
    const pivot = a[c] as number[];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const row = a[r] as number[];
      const f = (row[c] as number) / (pivot[c] as number);
      for (let k = c; k <= n; k++) row[k] = (row[k] as number) - f * (pivot[k] as number);
    }
  }
  return a.map((row, i) => (row[n] as number) / (row[i] as number));
}

/** Unconstrained least squares on the columns in `cols` (normal equations); zeros elsewhere. */
function leastSquares(a: readonly (readonly number[])[], b: readonly number[], cols: readonly number[], n: number): number[] {
  const m = cols.map((i) => cols.map((j) => a.reduce((s, row) => s + (row[i] as number) * (row[j] as number), 0)));
  const v = cols.map((i) => a.reduce((s, row, r) => s + (row[i] as number) * (b[r] as number), 0));
  const z = solve(m, v) ?? cols.map(() => 0);
  const x = new Array<number>(n).fill(0);
  cols.forEach((c, k) => { x[c] = z[k] as number; });
  return x;
}

function gradient(a: readonly (readonly number[])[], b: readonly number[], x: readonly number[]): number[] {
  const r = a.map((row, i) => (b[i] as number) - row.reduce((s, v, j) => s + v * (x[j] as number), 0));
  return x.map((_, j) => a.reduce((s, row, i) => s + (row[j] as number) * (r[i] as number), 0));
}

/**
 * Non-negative least squares, min |A x - b| subject to x >= 0 (Lawson & Hanson 1974, active set). For the small,
 * column-scaled problems of the calibration (a few columns, tens of rows). Deterministic.
 */
export function nnls(a: readonly (readonly number[])[], b: readonly number[]): number[] {
  const n = a[0]?.length ?? 0;
  let x = new Array<number>(n).fill(0);
  const passive = new Set<number>();
  for (let outer = 0; outer < 3 * n + 3; outer++) {
    const w = gradient(a, b, x);
    let t = -1;
    for (let j = 0; j < n; j++) if (!passive.has(j) && (w[j] as number) > 1e-10 && (t < 0 || (w[j] as number) > (w[t] as number))) t = j;
    if (t < 0) break;
    passive.add(t);
    for (let inner = 0; inner < 3 * n + 3; inner++) {
      const cols = [...passive].sort((p, q) => p - q);
      const s = leastSquares(a, b, cols, n);
      if (cols.every((j) => (s[j] as number) > 0)) { x = s; break; }
      let alpha = 1;
      for (const j of cols) if ((s[j] as number) <= 0) alpha = Math.min(alpha, (x[j] as number) / ((x[j] as number) - (s[j] as number)));
      x = x.map((xj, j) => xj + alpha * ((s[j] as number) - xj));
      for (const j of cols) if ((x[j] as number) <= 1e-12) { passive.delete(j); x[j] = 0; }
    }
  }
  return x;
}

/**
 * NNLS with an upper bound on one variable: if the NNLS optimum exceeds `cap` on column `capped`, that variable is
 * fixed at the cap (the convex optimum then lies on that bound) and the others are refitted with NNLS.
 */
export function nnlsCapped(a: readonly (readonly number[])[], b: readonly number[], capped: number, cap: number): number[] {
  const x = nnls(a, b);
  if ((x[capped] as number) <= cap) return x;
  const rest = a.map((row) => row.filter((_, j) => j !== capped));
  const rhs = b.map((v, i) => v - ((a[i] as number[])[capped] as number) * cap);
  const y = nnls(rest, rhs);
  y.splice(capped, 0, cap);
  return y;
}
