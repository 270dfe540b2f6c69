/**
 * The processor core families tinyevo has a cycle model for (fitted, transferred or borrowed; see
 * `src/hardware/latency/coefficients.ts`). A device must name one of them.
 */
export const coreFamilies = [
  'cortex-m0plus', 'cortex-m4', 'cortex-m7', 'cortex-m33', 'cortex-m55', 'cortex-m85', 'xtensa-lx7', 'rxv2', 'riscv32',
] as const;

/** One processor core family, e.g. `cortex-m4` (M4F included: the int8 kernels do not use the FPU). */
export type CoreFamily = (typeof coreFamilies)[number];

/**
 * A microcontroller as the cost models see it. Sizes are in bytes (KB in datasheets = 1024 B), the clock is the
 * core clock the model assumes, and the power is the measured average board power during int8 inference (MLPerf
 * Tiny energy runs), or null where nobody measured it.
 */
export interface Device {
  /** Lower-case part name, e.g. `stm32f746`. */
  readonly id: string;
  /** Human name, with the board it was measured on. */
  readonly name: string;
  readonly core: CoreFamily;
  readonly clockHz: number;
  readonly sramBytes: number;
  readonly flashBytes: number;
  /** Measured average inference power in mW, or null when unknown (then a core-family default is used). */
  readonly inferencePowerMw: number | null;
  /** Where the figures come from (datasheet, board file, MLPerf submission). */
  readonly source: string;
  /** Caveats a user should know (external flash, usable vs total size, voltage of the power figure). */
  readonly notes: string;
}
