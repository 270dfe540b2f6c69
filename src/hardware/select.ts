import type { ArchGraph } from '../arch/types.js';
import { check, type ConstraintReport, type Limits } from './constraints.js';
import type { CostOptions } from './cost.js';
import type { Device } from './devices/types.js';
import { HardwareError } from './errors.js';

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

/** Devices on which the graph meets every limit (SRAM and flash: the device's), smallest SRAM first. */
export function fittingDevices(graph: ArchGraph, devices: readonly Device[], limits: Limits = {}, options: CostOptions = {}): { device: Device; report: ConstraintReport }[] {
  return devices.map((device) => ({ device, report: check(graph, device, limits, options) }))
    .filter((r) => r.report.feasible)
    .sort((a, b) => a.device.sramBytes - b.device.sramBytes || a.device.flashBytes - b.device.flashBytes || (a.device.id < b.device.id ? -1 : 1));
}

function noFitMessage(report: ConstraintReport, devices: readonly Device[]): string {
  const big = (key: 'sramBytes' | 'flashBytes'): Device => devices.reduce((a, b) => (b[key] > a[key] ? b : a));
  const sram = big('sramBytes');
  const flash = big('flashBytes');
  const m = report.cost.memory;
  const live = m.liveAtPeak.map((l) => `${l.tensors.join('=')} ${fmt(l.bytes)} B`).join(', ');
  return `device: the graph must fit at least one of ${devices.length} devices; got peak SRAM ${fmt(m.peakSramBytes)} B `
    + `(at op '${m.peakOp}', live: ${live}) and flash ${fmt(report.cost.flashBytes)} B, while the largest SRAM is `
    + `${fmt(sram.sramBytes)} B (${sram.id}) and the largest flash ${fmt(flash.flashBytes)} B (${flash.id}). `
    + 'Shrink the tensors live at the peak (fewer channels, a smaller input, an earlier stride) or the largest weights.';
}

/**
 * The smallest device (by SRAM) on which the graph fits. Throws HardwareError when none does, naming the peak op,
 * the live tensors and the largest device, so the user sees what to shrink.
 */
export function smallestFittingDevice(graph: ArchGraph, devices: readonly Device[], limits: Limits = {}, options: CostOptions = {}): { device: Device; report: ConstraintReport } {
  const fits = fittingDevices(graph, devices, limits, options);
  if (fits.length > 0) return fits[0] as { device: Device; report: ConstraintReport };
  const largest = devices.reduce((a, b) => (b.sramBytes > a.sramBytes ? b : a));
  throw new HardwareError(noFitMessage(check(graph, largest, limits, options), devices));
}
