import type { DeployGraph, DeployOp, OpClass } from '../lowering/types.js';

/** The runtimes tinyevo models. */
export const runtimeIds = ['tflm-ref', 'tflm-cmsis', 'tinyevo-c'] as const;
/** One runtime id: TFLite Micro with reference kernels, TFLite Micro with CMSIS-NN, or tinyevo's generated C. */
export type RuntimeId = (typeof runtimeIds)[number];

/** How a runtime places tensors in its arena: TFLite Micro's greedy-by-size planner, or the best of several. */
export type PlacementPolicy = 'greedy-by-size' | 'best';

/**
 * Flash taken by a runtime's code: a fixed part, a per-op part by op class (a generated call site, whose size
 * follows the kernel's argument list), and kernels per op class (each linked once).
 */
export interface CodeSize {
  readonly fixedBytes: number;
  readonly perOpBytes: { readonly [C in OpClass]: number };
  readonly kernelBytes: { readonly [C in OpClass]: number };
}

/**
 * What a runtime adds to the bare graph: scratch buffers per op (in the arena, live during the op only),
 * persistent bytes (runtime structures on a 32-bit MCU, at the arena's tail), the code it links, how it lays out
 * memory, and which stack family's fitted cycle coefficients it runs at.
 */
export interface RuntimeProfile {
  readonly id: RuntimeId;
  readonly description: string;
  /** Stack family of the fitted cycle model (see calibrate/mlperf.ts). */
  readonly cycleStack: 'cmsis-nn' | 'tflm-ref';
  /** Elementwise ops may write over an input that dies at that op and has the output's size. */
  readonly inPlace: boolean;
  /** Flatten is a view of its input (no op, no copy) instead of a RESHAPE op with its own tensor. */
  readonly aliasReshape: boolean;
  readonly placement: PlacementPolicy;
  /** Every arena buffer starts at a multiple of this. */
  readonly alignmentBytes: number;
  /** The model data format in flash: a TFLite flatbuffer, or C arrays. */
  readonly container: 'tflite' | 'c-arrays';
  scratchBytes(op: DeployOp): number;
  persistentBytes(graph: DeployGraph): number;
  readonly code: CodeSize;
}
