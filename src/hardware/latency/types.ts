import type { CoreFamily } from '../devices/types.js';

/**
 * The cycle model of one (core family, kernel stack): cycles of an op = cyclesPerMac x MACs (conv, depthwise,
 * pointwise; pooling window reads) + cyclesPerOutput x output elements (requantisation, stores, elementwise ops)
 * + cyclesPerDenseMac x MACs of fully connected layers (weight-streaming bound) + cyclesPerOp (call overhead).
 * Four numbers, because the MLPerf Tiny data has four models per board: no more can be identified.
 */
export interface CycleCoefficients {
  readonly cyclesPerMac: number;
  readonly cyclesPerOutput: number;
  readonly cyclesPerDenseMac: number;
  readonly cyclesPerOp: number;
}

/** One least-squares fit: a (core family, stack family) group with rows for all four MLPerf Tiny models. */
export interface FittedGroup {
  readonly core: CoreFamily;
  readonly stack: string;
  readonly coefficients: CycleCoefficients;
  /** MLPerf rows used, and the boards (chip ids) they come from. */
  readonly rows: number;
  readonly boards: readonly string[];
  /** Mean absolute percentage error of the fit on its own rows (in-sample, %). */
  readonly inSampleMapePct: number;
}

/** How much slower (factor > 1) or faster (< 1) a core family runs the same software than a Cortex-M4, per clock. */
export interface CoreFactor {
  readonly core: CoreFamily;
  readonly factor: number;
  /** 'exact-stack': from the same software on both cores; 'stack-family': from the same kernel family. */
  readonly basis: 'reference' | 'exact-stack' | 'stack-family';
  readonly pairs: number;
}

/** Coefficients of the TFLite flatbuffer size model: bytes beyond weights, biases and quantisation parameters. */
export interface ContainerCoefficients {
  readonly perTensorBytes: number;
  readonly perOpBytes: number;
  readonly fixedBytes: number;
}

/** Everything `tinyevo hardware calibrate` fits; committed as `coefficients.ts` so that run time needs no CSV. */
export interface Calibration {
  readonly source: string;
  readonly rowsUsed: number;
  readonly rowsExcluded: number;
  readonly groups: readonly FittedGroup[];
  readonly coreFactors: readonly CoreFactor[];
  /** TFLM reference kernels / CMSIS-NN latency ratio (median over the TinyEngine H743 table). */
  readonly refSlowdown: number;
  /** Upper bound put on cyclesPerOp in every fit (a prior: interpreter + kernel setup per op). */
  readonly perOpCapCycles: number;
  readonly container: ContainerCoefficients;
}
