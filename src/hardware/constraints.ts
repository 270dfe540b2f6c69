import type { ArchGraph } from '../arch/types.js';
import { estimateCost, type CostOptions, type CostReport } from './cost.js';
import type { Device } from './devices/types.js';
import { HardwareError } from './errors.js';

/** Limits a candidate must meet. SRAM and flash default to the device's; the others apply only when given. */
export interface Limits {
  readonly sramBytes?: number;
  readonly flashBytes?: number;
  readonly latencyMs?: number;
  readonly energyUj?: number;
  readonly macs?: number;
}

/** The name of one limit. */
export type LimitName = 'sram' | 'flash' | 'latency' | 'energy' | 'macs';

/** One limit checked: value, limit, margin (limit - value, negative when exceeded) and what to shrink. */
export interface LimitCheck {
  readonly name: LimitName;
  readonly unit: 'B' | 'ms' | 'uJ' | 'MACs';
  readonly value: number;
  readonly limit: number;
  readonly margin: number;
  /** margin / limit: 0.2 = 20 % headroom, -0.5 = 50 % over. */
  readonly marginRatio: number;
  readonly ok: boolean;
  /** What drives the value, biggest first: tensors live at the SRAM peak, or op ids (weights, cycles, MACs). */
  readonly culprits: readonly string[];
}

/** The result of `check`: feasibility, the summed relative excess (Told.violation) and every check. */
export interface ConstraintReport {
  readonly feasible: boolean;
  /** Sum over exceeded limits of (value - limit) / limit; 0 when feasible. */
  readonly violation: number;
  readonly checks: readonly LimitCheck[];
  readonly cost: CostReport;
}

function validate(limits: Limits): void {
  for (const [k, v] of Object.entries(limits)) {
    if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v > 0)) {
      throw new HardwareError(`check: limits.${k} must be a positive number; got ${JSON.stringify(v)}. Omit a limit to leave it unchecked.`);
    }
  }
}

function topOps(c: CostReport, score: (id: string) => number): string[] {
  return c.deploy.ops.map((o) => o.id).filter((id) => score(id) > 0).sort((a, b) => score(b) - score(a)).slice(0, 3);
}

function culpritsOf(name: LimitName, c: CostReport): string[] {
  const op = (id: string) => c.deploy.ops.find((o) => o.id === id);
  switch (name) {
    case 'sram': return [...c.memory.liveAtPeak].sort((a, b) => b.bytes - a.bytes).map((l) => l.tensors.join('='));
    case 'flash': return topOps(c, (id) => (op(id)?.weightBytes ?? 0) + (op(id)?.biasBytes ?? 0));
    case 'macs': return topOps(c, (id) => op(id)?.macs ?? 0);
    default: return topOps(c, (id) => c.latency.perOp.find((o) => o.id === id)?.cycles ?? 0);
  }
}

/**
 * Checks a graph against a device and limits (SRAM and flash default to the device's sizes) and returns, per
 * limit, the value, the limit, the margin and what to shrink, so that a strategy can reject a candidate before
 * training and a repair move knows where to cut. Throws HardwareError for a non-positive limit.
 */
export function check(graph: ArchGraph, device: Device, limits: Limits = {}, options: CostOptions = {}): ConstraintReport {
  validate(limits);
  const cost = estimateCost(graph, device, options);
  const rows: [LimitName, LimitCheck['unit'], number, number | undefined][] = [
    ['sram', 'B', cost.peakSramBytes, limits.sramBytes ?? device.sramBytes], ['flash', 'B', cost.flashBytes, limits.flashBytes ?? device.flashBytes],
    ['latency', 'ms', cost.latencyMs, limits.latencyMs], ['energy', 'uJ', cost.energyUj, limits.energyUj], ['macs', 'MACs', cost.macs, limits.macs],
  ];
  const checks = rows.filter((r): r is [LimitName, LimitCheck['unit'], number, number] => r[3] !== undefined).map(([name, unit, value, limit]) => ({
    name, unit, value, limit, margin: limit - value, marginRatio: (limit - value) / limit, ok: value <= limit, culprits: culpritsOf(name, cost),
  }));
  const violation = checks.reduce((s, c) => s + (c.ok ? 0 : -c.marginRatio), 0);
  return { feasible: violation === 0, violation, checks, cost };
}
