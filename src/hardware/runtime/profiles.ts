import { HardwareError } from '../errors.js';
import type { RuntimeId, RuntimeProfile } from './types.js';
import { runtimeIds } from './types.js';
import { cmsisScratchBytes, referenceScratchBytes } from './scratch.js';
import { TFLM_CORE_BYTES, tflmPersistentBytes } from './tflm.js';

// Kernel code sizes per op class (bytes of flash, -Os, Cortex-M). Estimates from the kernels' object sizes in
// typical TFLM builds; conv and pointwise share one kernel (counted once, see flash/code-size.ts).
const tflmRef: RuntimeProfile = {
  id: 'tflm-ref',
  description: 'TensorFlow Lite Micro with its portable reference kernels (no SIMD): greedy-by-size arena, no in-place ops',
  cycleStack: 'tflm-ref', inPlace: false, aliasReshape: false, placement: 'greedy-by-size', alignmentBytes: 16, container: 'tflite',
  scratchBytes: referenceScratchBytes, persistentBytes: tflmPersistentBytes,
  code: { fixedBytes: TFLM_CORE_BYTES, perOpBytes: 0, kernelBytes: { conv: 5000, pointwise: 5000, depthwise: 4500, dense: 2500, pool: 3000, elementwise: 2000, softmax: 2500, reshape: 600, concat: 1500 } },
};

const tflmCmsis: RuntimeProfile = {
  id: 'tflm-cmsis',
  description: 'TensorFlow Lite Micro with CMSIS-NN kernels (im2col scratch buffers): greedy-by-size arena, no in-place ops',
  cycleStack: 'cmsis-nn', inPlace: false, aliasReshape: false, placement: 'greedy-by-size', alignmentBytes: 16, container: 'tflite',
  scratchBytes: cmsisScratchBytes, persistentBytes: tflmPersistentBytes,
  code: { fixedBytes: TFLM_CORE_BYTES, perOpBytes: 0, kernelBytes: { conv: 9000, pointwise: 9000, depthwise: 7000, dense: 3000, pool: 3500, elementwise: 2500, softmax: 2500, reshape: 600, concat: 1500 } },
};

// tinyevo's generated C calls the same CMSIS-NN kernels from a static schedule: no interpreter, requantisation
// parameters precomputed into flash (no persistent RAM), flatten is a view, elementwise ops run in place.
const tinyevoC: RuntimeProfile = {
  id: 'tinyevo-c',
  description: "tinyevo's generated C: static memory plan (best placement), in-place elementwise ops, CMSIS-NN kernels, no interpreter",
  cycleStack: 'cmsis-nn', inPlace: true, aliasReshape: true, placement: 'best', alignmentBytes: 4, container: 'c-arrays',
  scratchBytes: cmsisScratchBytes, persistentBytes: () => 0,
  code: { fixedBytes: 1500, perOpBytes: 40, kernelBytes: { conv: 7000, pointwise: 7000, depthwise: 5500, dense: 2000, pool: 2500, elementwise: 1500, softmax: 2000, reshape: 0, concat: 800 } },
};

/** Every runtime profile, by id. */
export const runtimes: { readonly [K in RuntimeId]: RuntimeProfile } = { 'tflm-ref': tflmRef, 'tflm-cmsis': tflmCmsis, 'tinyevo-c': tinyevoC };

/** The runtime profile with this id; throws HardwareError listing the known ids otherwise. */
export function findRuntime(id: string): RuntimeProfile {
  if ((runtimeIds as readonly string[]).includes(id)) return runtimes[id as RuntimeId];
  throw new HardwareError(`runtime: id must be one of ${runtimeIds.join(', ')}; got ${JSON.stringify(id)}. tflm-cmsis is the usual choice on Arm Cortex-M.`);
}
