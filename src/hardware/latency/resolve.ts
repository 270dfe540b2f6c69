import type { CoreFamily } from '../devices/types.js';
import { HardwareError } from '../errors.js';
import type { Calibration, CycleCoefficients } from './types.js';

/** How a (core, stack) got its coefficients: its own fit, a fit of the same stack on another core scaled by the
 * core factors, the other kernel family scaled by the reference-kernel slowdown, or another core's model. */
export type CoefficientBasis = 'fitted' | 'transferred' | 'derived' | 'borrowed';

/** Cycle coefficients for one (core, stack), with how they were obtained in words. */
export interface ResolvedCoefficients {
  readonly coefficients: CycleCoefficients;
  readonly basis: CoefficientBasis;
  readonly provenance: string;
}

// Cores without MLPerf data and without a core factor use a similar core's model: the M55 has the M85's Helium
// vector unit (at lower issue width, so this is optimistic); the ESP32-S3's LX7 is taken as an M4 (its vector
// extension is unused by CMSIS-NN-style kernels). Both are flagged 'borrowed' in every report.
const borrowFrom: { readonly [K in CoreFamily]?: CoreFamily } = { 'cortex-m55': 'cortex-m85', 'xtensa-lx7': 'cortex-m4' };

const scale = (c: CycleCoefficients, k: number, opK = k): CycleCoefficients => ({
  cyclesPerMac: c.cyclesPerMac * k, cyclesPerOutput: c.cyclesPerOutput * k, cyclesPerDenseMac: c.cyclesPerDenseMac * k, cyclesPerOp: c.cyclesPerOp * opK,
});

function direct(cal: Calibration, core: CoreFamily, stack: string): ResolvedCoefficients | null {
  const own = cal.groups.find((g) => g.core === core && g.stack === stack);
  if (own) return { coefficients: own.coefficients, basis: 'fitted', provenance: `fitted to ${own.rows} MLPerf Tiny rows (${own.boards.join(', ')})` };
  const factor = (c: CoreFamily): number | undefined => cal.coreFactors.find((f) => f.core === c)?.factor;
  const k = factor(core);
  if (k === undefined) return null;
  const sources = cal.groups.filter((g) => g.stack === stack && factor(g.core) !== undefined);
  if (sources.length === 0) return null;
  // Core factors are measured against the Cortex-M4, so an M4 fit is the most direct source; else the nearest core.
  const dist = (c: CoreFamily): number => (c === 'cortex-m4' ? -1 : Math.abs(Math.log((factor(c) as number) / k)));
  const src = [...sources].sort((a, b) => dist(a.core) - dist(b.core))[0] as (typeof sources)[number];
  const ratio = k / (factor(src.core) as number);
  return { coefficients: scale(src.coefficients, ratio), basis: 'transferred', provenance: `${stack} fit of ${src.core} x core factor ${ratio.toFixed(3)}` };
}

function derived(cal: Calibration, core: CoreFamily, stack: string): ResolvedCoefficients | null {
  const other = stack === 'tflm-ref' ? 'cmsis-nn' : stack === 'cmsis-nn' ? 'tflm-ref' : null;
  const base = other === null ? null : direct(cal, core, other);
  if (base === null) return null;
  const k = stack === 'tflm-ref' ? cal.refSlowdown : 1 / cal.refSlowdown;
  // Only the kernel terms change with the kernels; the per-op overhead is the interpreter's.
  return { coefficients: scale(base.coefficients, k, 1), basis: 'derived', provenance: `${base.provenance}, x ${k.toFixed(3)} (reference vs CMSIS-NN kernels)` };
}

/**
 * The cycle coefficients of a core family running a stack family: fitted, else transferred from another core by
 * the core factors, else derived from the other kernel family (tflm-ref <-> cmsis-nn), else borrowed from a
 * similar core. Throws HardwareError when none applies.
 */
export function resolveCoefficients(cal: Calibration, core: CoreFamily, stack: string): ResolvedCoefficients {
  const r = direct(cal, core, stack) ?? derived(cal, core, stack);
  if (r) return r;
  const lender = borrowFrom[core];
  if (lender) {
    const b = resolveCoefficients(cal, lender, stack);
    return { coefficients: b.coefficients, basis: 'borrowed', provenance: `borrowed from ${lender} (no data for ${core}): ${b.provenance}` };
  }
  throw new HardwareError(`latency: core '${core}' with stack '${stack}' must have a fitted, transferable or borrowable cycle model; got none. Run 'tinyevo hardware calibrate' with data for this core, or pick another runtime.`);
}
