import { deviceCatalog } from './catalog.js';
import type { CoreFamily, Device } from './types.js';

// Families with no MLPerf energy run in the catalog. These are order-of-magnitude assumptions, flagged as such in
// every cost report ('assumed'); measure the board and put inferencePowerMw in a device file to replace them.
const assumedPowerMw: { readonly [K in CoreFamily]?: number } = {
  // ~4.5 mA at 3.3 V: RP2040/G0 class run current at full clock.
  'cortex-m0plus': 15,
  // Helium cores at 200-480 MHz; between the M33 (U575) and M7 (H7A3) measurements.
  'cortex-m55': 60,
  'cortex-m85': 150,
  // ESP32-S3-DevKitM-1 board measured awake at 31.7 mA, 3.3 V (devices.csv, low confidence).
  'xtensa-lx7': 105,
  'riscv32': 30,
};

/** Where an inference power figure comes from: the device's own measurement, the family median, or an assumption. */
export type PowerBasis = 'measured' | 'family-median' | 'assumed';

/** An inference power figure in mW with its basis. */
export interface PowerEstimate {
  readonly powerMw: number;
  readonly basis: PowerBasis;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/**
 * The default inference power of a core family in mW: the median of the measured catalog devices of that family,
 * or a stated assumption where none was measured. `exclude` leaves one device out (for leave-one-board-out checks).
 */
export function familyPowerMw(core: CoreFamily, exclude?: string): PowerEstimate {
  const measured = deviceCatalog.filter((d) => d.core === core && d.id !== exclude && d.inferencePowerMw !== null);
  if (measured.length > 0) return { powerMw: median(measured.map((d) => d.inferencePowerMw as number)), basis: 'family-median' };
  return { powerMw: assumedPowerMw[core] ?? 50, basis: 'assumed' };
}

/** The inference power used for energy: the device's measured figure, else its family default. */
export function inferencePower(device: Device): PowerEstimate {
  if (device.inferencePowerMw !== null) return { powerMw: device.inferencePowerMw, basis: 'measured' };
  return familyPowerMw(device.core);
}
