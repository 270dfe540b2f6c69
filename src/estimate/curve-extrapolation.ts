import { EngineError } from '../errors.js';

/** One parametric learning-curve family: y(x) = c + a * basis(x; theta), linear in (c, a) for a fixed theta. */
interface CurveFamily {
  readonly name: string;
  /** Values of the nonlinear parameter to search (a grid is robust on 3-10 noisy points, unlike gradient fits). */
  readonly thetas: readonly number[];
  basis(x: number, theta: number): number;
}

const grid = (lo: number, hi: number, n: number) => Array.from({ length: n }, (_, i) => lo * Math.pow(hi / lo, i / (n - 1)));

/**
 * The families of the ensemble, after Domhan et al. (2015), reduced to those that fit in closed form:
 * pow3 (c - a x^-alpha), exp3 (c - a e^(-b x)) and log-linear (c + a ln x).
 */
const FAMILIES: readonly CurveFamily[] = [
  { name: 'pow3', thetas: grid(0.05, 4, 40), basis: (x, alpha) => -Math.pow(x, -alpha) },
  { name: 'exp3', thetas: grid(0.02, 3, 40), basis: (x, b) => -Math.exp(-b * x) },
  { name: 'log-linear', thetas: [0], basis: (x) => Math.log(x) },
];

/** One fitted member: its family, parameters and sum of squared errors on the observed curve. */
export interface CurveFit { readonly family: string; readonly c: number; readonly a: number; readonly theta: number; readonly sse: number }

/** The extrapolated value at the target epoch: an ensemble mean and spread, and the members behind it. */
export interface Extrapolation { readonly mean: number; readonly std: number; readonly fits: readonly CurveFit[] }

function fitLinear(xs: readonly number[], ys: readonly number[], f: (x: number) => number): { c: number; a: number; sse: number } {
  const n = xs.length;
  const b = xs.map(f);
  const mb = b.reduce((s, v) => s + v, 0) / n;
  const my = ys.reduce((s, v) => s + v, 0) / n;
  let sbb = 0;
  let sby = 0;
  b.forEach((v, i) => { sbb += (v - mb) ** 2; sby += (v - mb) * ((ys[i] as number) - my); });
  const a = sbb > 1e-15 ? sby / sbb : 0;
  const c = my - a * mb;
  const sse = b.reduce((s, v, i) => s + (c + a * v - (ys[i] as number)) ** 2, 0);
  return { c, a, sse };
}

function bestFit(family: CurveFamily, xs: readonly number[], ys: readonly number[]): CurveFit {
  let best: CurveFit | null = null;
  for (const theta of family.thetas) {
    const { c, a, sse } = fitLinear(xs, ys, (x) => family.basis(x, theta));
    // Learning curves rise: a negative slope fit is not a learning curve of this family.
    if (a < 0 || (best && sse >= best.sse)) continue;
    best = { family: family.name, c, a, theta, sse };
  }
  return best ?? { family: family.name, c: ys[ys.length - 1] as number, a: 0, theta: 0, sse: ys.reduce((s, y) => s + (y - (ys[ys.length - 1] as number)) ** 2, 0) };
}

/**
 * Predicts a learning curve's value at `targetEpoch` (1-based) from its first values (accuracy per epoch, in [0, 1]),
 * with an ensemble of parametric families weighted by their fit (inverse SSE); the prediction is clipped to [0, 1]
 * and never below the best value already seen. Throws EngineError for fewer than 3 points or a target inside them.
 */
export function extrapolateCurve(curve: readonly number[], targetEpoch: number): Extrapolation {
  if (curve.length < 3) throw new EngineError(`extrapolate: curve must have at least 3 epochs; got ${curve.length}. Train longer before predicting.`);
  if (!(targetEpoch > curve.length)) throw new EngineError(`extrapolate: targetEpoch must be after the observed ${curve.length} epochs; got ${targetEpoch}.`);
  const xs = curve.map((_, i) => i + 1);
  const fits = FAMILIES.map((f) => bestFit(f, xs, curve));
  const seen = Math.max(...curve);
  const preds = fits.map((fit) => {
    const f = FAMILIES.find((x) => x.name === fit.family) as CurveFamily;
    return Math.min(1, Math.max(seen, fit.c + fit.a * f.basis(targetEpoch, fit.theta)));
  });
  const weights = fits.map((f) => 1 / (f.sse + 1e-6));
  const total = weights.reduce((s, w) => s + w, 0);
  const mean = preds.reduce((s, p, i) => s + p * (weights[i] as number), 0) / total;
  const spread = preds.reduce((s, p, i) => s + (weights[i] as number) * (p - mean) ** 2, 0) / total;
  const noise = Math.sqrt(Math.min(...fits.map((f) => f.sse)) / Math.max(1, curve.length - 2));
  return { mean, std: Math.sqrt(spread + noise * noise), fits };
}

/** Whether to stop a candidate early: its optimistic final value (mean + z std) cannot beat `best`. */
export function isHopeless(curve: readonly number[], targetEpoch: number, best: number, z = 1.5): boolean {
  if (curve.length < 3 || targetEpoch <= curve.length) return false;
  const e = extrapolateCurve(curve, targetEpoch);
  return e.mean + z * e.std < best;
}
