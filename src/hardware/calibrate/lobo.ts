import { deviceCatalog } from '../devices/catalog.js';
import { familyPowerMw } from '../devices/power.js';
import { resolveCoefficients, type CoefficientBasis } from '../latency/resolve.js';
import { benchmarkFeatures, calibrateOn } from './calibrate.js';
import { predictCycles } from './fit-groups.js';
import type { Observation } from './mlperf.js';

/** One held-out MLPerf row: its prediction from a model fitted without any row of its board. */
export interface HeldOutPrediction {
  readonly observation: Observation;
  /** Null when no model could be built for its core and stack without its board. */
  readonly predictedMs: number | null;
  readonly basis: CoefficientBasis | 'none';
}

/**
 * Leave-one-board-out cross-validation: for each board (chip), refit every group and core factor on the rows of
 * all other boards, then predict that board's rows with the coefficients its (core, stack) resolves to (its own
 * group when other boards of the same core and stack remain, else transferred through the core factors).
 */
export function leaveOneBoardOut(obs: readonly Observation[]): HeldOutPrediction[] {
  const features = benchmarkFeatures();
  const out: HeldOutPrediction[] = [];
  for (const board of [...new Set(obs.map((o) => o.board))].sort()) {
    const cal = calibrateOn(obs.filter((o) => o.board !== board), 'lobo', 0);
    for (const o of obs.filter((x) => x.board === board)) {
      try {
        const r = resolveCoefficients(cal, o.core, o.stack);
        out.push({ observation: o, predictedMs: (predictCycles(o, features, r.coefficients) / o.clockHz) * 1e3, basis: r.basis });
      } catch {
        out.push({ observation: o, predictedMs: null, basis: 'none' });
      }
    }
  }
  return out;
}

/** Error summary of a set of predictions: count, mean absolute percentage error and worst case (%). */
export interface ErrorSummary { readonly n: number; readonly mapePct: number; readonly maxPct: number }

/** MAPE and worst absolute percentage error of (predicted, actual) pairs; n = 0 gives NaN. */
export function summarise(pairs: readonly (readonly [number, number])[]): ErrorSummary {
  const ape = pairs.map(([p, a]) => (100 * Math.abs(p - a)) / a);
  return { n: ape.length, mapePct: ape.reduce((s, v) => s + v, 0) / ape.length, maxPct: Math.max(...ape) };
}

/** The inference power for an MLPerf board: the catalog's measured figure, else the family default, and which. */
export function boardPowerMw(o: Observation, useFamilyDefault: boolean): number {
  const d = deviceCatalog.find((x) => x.id === o.board);
  if (!useFamilyDefault && d?.inferencePowerMw != null) return d.inferencePowerMw;
  return familyPowerMw(o.core, useFamilyDefault ? o.board : undefined).powerMw;
}
