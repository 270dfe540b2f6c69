import { totalMacs, totalParams } from '../arch/graph.js';
import type { ArchGraph } from '../arch/types.js';
import type { Device } from './devices/types.js';
import { flashBreakdown, type FlashBreakdown } from './flash/flash.js';
import { calibration as committed } from './latency/coefficients.js';
import { estimateLatency, type LatencyEstimate } from './latency/model.js';
import type { Calibration } from './latency/types.js';
import { lowerGraph } from './lowering/fuse.js';
import type { DeployGraph } from './lowering/types.js';
import { planMemory, type MemoryPlan } from './memory/plan.js';
import { runtimes } from './runtime/profiles.js';
import type { RuntimeId } from './runtime/types.js';

/** The four figures a search compares (STYLE.md's `Cost`). */
export interface Cost {
  readonly macs: number;
  readonly flashBytes: number;
  readonly peakSramBytes: number;
  readonly latencyMs: number;
}

/** A cost model: a pure, synchronous function of a checked graph and a device. */
export type CostModel = (graph: ArchGraph, device: Device) => Cost;

/** Every figure of a graph on a device and runtime, with the breakdowns behind them. */
export interface CostReport extends Cost {
  readonly device: string;
  readonly runtime: RuntimeId;
  /** Parameters of the IR (batch-norm statistics included). */
  readonly params: number;
  /** Stored constants after int8 lowering: weights plus biases (elements). */
  readonly deployedParams: number;
  readonly energyUj: number;
  readonly deploy: DeployGraph;
  readonly flash: FlashBreakdown;
  readonly memory: MemoryPlan;
  readonly latency: LatencyEstimate;
}

/** Options of `estimateCost`: the runtime (default tflm-cmsis) and the calibration (default: the committed one). */
export interface CostOptions {
  readonly runtime?: RuntimeId;
  readonly calibration?: Calibration;
}

/**
 * Params, MACs, flash, peak SRAM (with the full memory plan), latency and energy of one int8 inference of `graph`
 * on `device` under a runtime. Pure and synchronous; well under 1 ms for a 50-layer graph (bench/hardware.ts).
 * Throws HardwareError only when the device's core has no cycle model for the runtime.
 */
export function estimateCost(graph: ArchGraph, device: Device, options: CostOptions = {}): CostReport {
  const runtime = runtimes[options.runtime ?? 'tflm-cmsis'];
  const cal = options.calibration ?? committed;
  const deploy = lowerGraph(graph);
  const flash = flashBreakdown(deploy, runtime, cal.container);
  const memory = planMemory(deploy, runtime);
  const latency = estimateLatency(deploy, device, runtime, cal);
  return {
    device: device.id, runtime: runtime.id, params: totalParams(graph),
    deployedParams: deploy.ops.reduce((s, o) => s + o.weightBytes + o.biasBytes / 4, 0), macs: totalMacs(graph),
    flashBytes: flash.totalBytes, peakSramBytes: memory.peakSramBytes, latencyMs: latency.latencyMs, energyUj: latency.energyUj,
    deploy, flash, memory, latency,
  };
}

/** The STYLE.md CostModel for one runtime: `estimateCost` reduced to macs, flash, peak SRAM and latency. */
export function costModel(runtime: RuntimeId = 'tflm-cmsis'): CostModel {
  return (graph, device) => {
    const c = estimateCost(graph, device, { runtime });
    return { macs: c.macs, flashBytes: c.flashBytes, peakSramBytes: c.peakSramBytes, latencyMs: c.latencyMs };
  };
}
