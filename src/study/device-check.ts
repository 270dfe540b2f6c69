import type { ArchGraph } from '../arch/types.js';
import { check, findDevice, type Limits, type RuntimeId } from '../hardware/index.js';
import type { ConstraintCheck } from './types.js';

/**
 * The runner's cost check on a device: the hardware cost models' flash, peak SRAM, latency, energy and MACs against
 * the limits (SRAM and flash default to the device's sizes). Throws HardwareError for an unknown device id.
 */
export function deviceCheck(deviceId: string, limits: Limits, runtime: RuntimeId): (graph: ArchGraph) => ConstraintCheck {
  const device = findDevice(deviceId);
  return (graph) => {
    const report = check(graph, device, limits, { runtime });
    return { violation: report.violation, limits: report.checks.map((c) => ({ name: c.name, value: c.value, limit: c.limit, margin: c.margin })) };
  };
}
