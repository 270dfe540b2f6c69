import type { CycleFeatures } from '../latency/features.js';
import type { CycleCoefficients, FittedGroup } from '../latency/types.js';
import { benchmarks, type Benchmark, type Observation } from './mlperf.js';
import { nnlsCapped } from './nnls.js';

/** Cycle features of the four reference models, by benchmark. */
export type BenchmarkFeatures = { readonly [B in Benchmark]: CycleFeatures };

const cyclesOf = (o: Observation): number => o.latencyMs * 1e-3 * o.clockHz;

/**
 * Fits one group: minimise the sum of squared relative errors sum_i (f_i . c / cycles_i - 1)^2 over c >= 0, with
 * cyclesPerOp <= capCycles. Relative errors make a 5 ms and a 700 ms model count alike. Columns are scaled to a
 * maximum of 1 first, so that MACs (1e7) and op counts (10) are equally well conditioned.
 */
export function fitCoefficients(rows: readonly Observation[], features: BenchmarkFeatures, capCycles: number): CycleCoefficients {
  const a = rows.map((o) => features[o.benchmark].map((f) => f / cyclesOf(o)));
  const scales = [0, 1, 2, 3].map((j) => Math.max(...a.map((r) => Math.abs(r[j] as number))) || 1);
  const scaled = a.map((r) => r.map((v, j) => v / (scales[j] as number)));
  const z = nnlsCapped(scaled, rows.map(() => 1), 3, capCycles * (scales[3] as number));
  const x = z.map((v, j) => v / (scales[j] as number));
  return { cyclesPerMac: x[0] as number, cyclesPerOutput: x[1] as number, cyclesPerDenseMac: x[2] as number, cyclesPerOp: x[3] as number };
}

/** Predicted cycles of an observation's model under coefficients c. */
export function predictCycles(o: Observation, features: BenchmarkFeatures, c: CycleCoefficients): number {
  const f = features[o.benchmark];
  return c.cyclesPerMac * f[0] + c.cyclesPerOutput * f[1] + c.cyclesPerDenseMac * f[2] + c.cyclesPerOp * f[3];
}

/**
 * Fits every (core family, stack family) group that has rows for all four models (fewer cannot pin four
 * coefficients). Groups come out sorted by core, then stack.
 */
export function fitGroups(obs: readonly Observation[], features: BenchmarkFeatures, capCycles: number): FittedGroup[] {
  const groups = new Map<string, Observation[]>();
  for (const o of obs) {
    const k = `${o.core}|${o.stack}`;
    groups.set(k, [...(groups.get(k) ?? []), o]);
  }
  const out: FittedGroup[] = [];
  for (const [, rows] of [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!benchmarks.every((b) => rows.some((o) => o.benchmark === b))) continue;
    const c = fitCoefficients(rows, features, capCycles);
    const ape = rows.map((o) => Math.abs(predictCycles(o, features, c) / cyclesOf(o) - 1));
    const first = rows[0] as Observation;
    out.push({
      core: first.core, stack: first.stack, coefficients: c, rows: rows.length,
      boards: [...new Set(rows.map((o) => o.board))].sort(), inSampleMapePct: (100 * ape.reduce((s, v) => s + v, 0)) / ape.length,
    });
  }
  return out;
}
