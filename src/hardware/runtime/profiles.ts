import { HardwareError } from '../errors.js';
import type { RuntimeId, RuntimeProfile } from './types.js';
import { runtimeIds } from './types.js';
import { cmsisScratchBytes, referenceScratchBytes } from './scratch.js';
import { TFLM_CORE_BYTES, tflmPersistentBytes } from './tflm.js';

// Kernel code sizes per op class (bytes of flash, -Os, Cortex-M). Estimates from the kernels' object sizes in
// typical TFLM builds; conv and pointwise share one kernel (counted once, see flash/code-size.ts). TFLite Micro's
// interpreter walks the model's op list, so it has no per-op code.
const noPerOpCode = { conv: 0, pointwise: 0, depthwise: 0, dense: 0, pool: 0, elementwise: 0, softmax: 0, reshape: 0, concat: 0 } as const;
const tflmRef: RuntimeProfile = {
  id: 'tflm-ref',
  description: 'TensorFlow Lite Micro with its portable reference kernels (no SIMD): greedy-by-size arena, no in-place ops',
  cycleStack: 'tflm-ref', inPlace: false, aliasReshape: false, placement: 'greedy-by-size', alignmentBytes: 16, container: 'tflite',
  scratchBytes: referenceScratchBytes, persistentBytes: tflmPersistentBytes,
  code: { fixedBytes: TFLM_CORE_BYTES, perOpBytes: noPerOpCode, kernelBytes: { conv: 5000, pointwise: 5000, depthwise: 4500, dense: 2500, pool: 3000, elementwise: 2000, softmax: 2500, reshape: 600, concat: 1500 } },
};

const tflmCmsis: RuntimeProfile = {
  id: 'tflm-cmsis',
  description: 'TensorFlow Lite Micro with CMSIS-NN kernels (im2col scratch buffers): greedy-by-size arena, no in-place ops',
  cycleStack: 'cmsis-nn', inPlace: false, aliasReshape: false, placement: 'greedy-by-size', alignmentBytes: 16, container: 'tflite',
  scratchBytes: cmsisScratchBytes, persistentBytes: tflmPersistentBytes,
  code: { fixedBytes: TFLM_CORE_BYTES, perOpBytes: noPerOpCode, kernelBytes: { conv: 9000, pointwise: 9000, depthwise: 7000, dense: 3000, pool: 3500, elementwise: 2500, softmax: 2500, reshape: 600, concat: 1500 } },
};

// tinyevo's generated C (src/deploy/c/) links plain-C kernels written by tinyevo, TFLite Micro's integer
// arithmetic, each guarded by #ifndef so that a build can swap in CMSIS-NN (te_conv, te_depthwise,
// te_fully_connected), and calls them from a static schedule: no interpreter, requantisation parameters
// precomputed into flash (no persistent RAM), flatten is a view, elementwise ops run in place. Code sizes: .text
// (plus the softmax's exp table in .rodata) of the generated model object from arm-none-eabi-gcc 12
// -mcpu=cortex-m4 -mthumb -O2, fitted by non-negative least squares (relative error) over 41 graphs: single op
// kinds and pairs, the MLPerf Tiny zoo models and random chain, multi-branch and block networks; see
// docs/deploy.md. A conv call site passes 25 arguments, a softmax one 7, hence per-op bytes by op class; a kernel
// called once is inlined, which the fit averages. Elementwise is fitted to add; a lone ReLU or pad is smaller.
// Latency stays the CMSIS-NN cycle model (cycleStack): that of a build with the hooks; the plain kernels are slower.
const tinyevoC: RuntimeProfile = {
  id: 'tinyevo-c',
  description: "tinyevo's generated C: static memory plan (best placement), in-place elementwise ops, plain-C kernels (CMSIS-NN can replace them), no interpreter",
  cycleStack: 'cmsis-nn', inPlace: true, aliasReshape: true, placement: 'best', alignmentBytes: 4, container: 'c-arrays',
  scratchBytes: cmsisScratchBytes, persistentBytes: () => 0,
  code: {
    fixedBytes: 20,
    perOpBytes: { conv: 110, pointwise: 60, depthwise: 60, dense: 90, pool: 150, elementwise: 20, softmax: 0, reshape: 0, concat: 50 },
    kernelBytes: { conv: 450, pointwise: 450, depthwise: 440, dense: 120, pool: 0, elementwise: 60, softmax: 1220, reshape: 0, concat: 0 },
  },
};

/** Every runtime profile, by id. */
export const runtimes: { readonly [K in RuntimeId]: RuntimeProfile } = { 'tflm-ref': tflmRef, 'tflm-cmsis': tflmCmsis, 'tinyevo-c': tinyevoC };

/** The runtime profile with this id; throws HardwareError listing the known ids otherwise. */
export function findRuntime(id: string): RuntimeProfile {
  if ((runtimeIds as readonly string[]).includes(id)) return runtimes[id as RuntimeId];
  throw new HardwareError(`runtime: id must be one of ${runtimeIds.join(', ')}; got ${JSON.stringify(id)}. tflm-cmsis is the usual choice on Arm Cortex-M.`);
}
