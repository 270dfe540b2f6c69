import { nodeCosts } from '../arch/graph.js';
import type { ArchGraph } from '../arch/types.js';
import type { ConstraintCheck, LimitCheck } from './types.js';

/** Limits a search can set without a device model: MACs and parameters (int8 weight bytes). */
export interface SimpleLimits { readonly maxMacs?: number; readonly maxParams?: number }

/**
 * A cost check on MACs and parameter count only (trainable and BN statistics, which fold into biases on the device).
 * Used when no device is named; with a device, the hardware cost models check flash, SRAM and latency too.
 */
export function simpleCheck(limits: SimpleLimits): (graph: ArchGraph) => ConstraintCheck {
  return (graph) => {
    const costs = nodeCosts(graph);
    const out: LimitCheck[] = [];
    const add = (name: string, value: number, limit: number | undefined) => {
      if (limit !== undefined) out.push({ name, value, limit, margin: limit - value });
    };
    add('macs', costs.reduce((s, c) => s + c.macs, 0), limits.maxMacs);
    add('params', costs.reduce((s, c) => s + c.params, 0), limits.maxParams);
    return { violation: out.reduce((s, l) => s + Math.max(0, -l.margin / l.limit), 0), limits: out };
  };
}
