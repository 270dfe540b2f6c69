import type { Device } from '../devices/types.js';
import { inferencePower, type PowerBasis } from '../devices/power.js';
import type { DeployGraph, OpClass } from '../lowering/types.js';
import type { RuntimeProfile } from '../runtime/types.js';
import { calibration as committed } from './coefficients.js';
import { cyclesOf, opFeatures } from './features.js';
import { resolveCoefficients, type ResolvedCoefficients } from './resolve.js';
import type { Calibration } from './types.js';

/** Cycles and time of one deployed op. */
export interface OpLatency {
  readonly id: string;
  readonly opClass: OpClass;
  readonly macs: number;
  readonly cycles: number;
  readonly latencyMs: number;
}

/** Predicted latency and energy of one inference, with the model that produced them. */
export interface LatencyEstimate {
  readonly cycles: number;
  readonly latencyMs: number;
  readonly energyUj: number;
  readonly powerMw: number;
  readonly powerBasis: PowerBasis;
  readonly perOp: readonly OpLatency[];
  readonly model: ResolvedCoefficients;
}

/**
 * Latency of one inference of a deployed graph on a device under a runtime: the sum over ops of the resolved
 * (core, stack) cycle model, divided by the core clock. Energy = latency x the device's inference power (its
 * measurement, else its core family's default): mW x ms = uJ. Pure; throws HardwareError if the core has no model.
 */
export function estimateLatency(graph: DeployGraph, device: Device, runtime: RuntimeProfile, cal: Calibration = committed): LatencyEstimate {
  const model = resolveCoefficients(cal, device.core, runtime.cycleStack);
  const msPerCycle = 1e3 / device.clockHz;
  let cycles = 0;
  const perOp = graph.ops.map((op) => {
    const c = cyclesOf(opFeatures(op, runtime), model.coefficients);
    cycles += c;
    return { id: op.id, opClass: op.opClass, macs: op.macs, cycles: c, latencyMs: c * msPerCycle };
  });
  const latencyMs = cycles * msPerCycle;
  const power = inferencePower(device);
  return { cycles, latencyMs, energyUj: latencyMs * power.powerMw, powerMw: power.powerMw, powerBasis: power.basis, perOp, model };
}
