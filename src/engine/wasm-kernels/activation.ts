import type { KernelBackend, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { EngineError } from '../../errors.js';
import { heapAddress, simdKernels } from './simd/index.js';

/**
 * Activations and their gradients as single wasm kernels of tinyevo's own. TF.js composes the gradient of relu6
 * from LessEqual, Step, Cast and Multiply (whole-tensor passes with a bool tensor between), and hard-swish forward
 * and backward from four to nine ops. Inputs x (forward) or dy and x (backward), attribute fn.
 */
export const activationKernelName = 'TinyevoActivation';
export const activationGradKernelName = 'TinyevoActivationGrad';

/** The activations these kernels compute, by the code the SIMD module takes. */
export const fusedActivations = { relu: 0, relu6: 1, hardSwish: 2 } as const;
export type FusedActivation = keyof typeof fusedActivations;

function code(where: string, fn: unknown): number {
  const c = fusedActivations[fn as FusedActivation];
  if (c === undefined) throw new EngineError(`${where}: fn must be one of ${Object.keys(fusedActivations).join(', ')}; got ${String(fn)}.`);
  return c;
}

function elements(x: TensorInfo): number {
  return x.shape.reduce((p, d) => p * d, 1);
}

const forward: KernelFunc = ({ inputs, attrs, backend }) => {
  const simd = simdKernels(backend as KernelBackend);
  if (!simd) throw new EngineError(`${activationKernelName}: needs tinyevo's wasm SIMD kernels on the wasm backend; they are not built. Run \`npm run build:simd\`.`);
  const fn = code(activationKernelName, (attrs as { fn: unknown }).fn);
  const x = inputs.x as TensorInfo;
  const y = (backend as BackendWasm).makeOutput(x.shape, 'float32');
  simd.activationForward(heapAddress(backend, x), heapAddress(backend, y), elements(x), fn);
  return y;
};

const backward: KernelFunc = ({ inputs, attrs, backend }) => {
  const simd = simdKernels(backend as KernelBackend);
  if (!simd) throw new EngineError(`${activationGradKernelName}: needs tinyevo's wasm SIMD kernels on the wasm backend; they are not built. Run \`npm run build:simd\`.`);
  const fn = code(activationGradKernelName, (attrs as { fn: unknown }).fn);
  const { dy, x } = inputs as { dy: TensorInfo; x: TensorInfo };
  const dx = (backend as BackendWasm).makeOutput(x.shape, 'float32');
  simd.activationBackward(heapAddress(backend, dy), heapAddress(backend, x), heapAddress(backend, dx), elements(x), fn);
  return dx;
};

export const activationConfig: KernelConfig = { kernelName: activationKernelName, backendName: 'wasm', kernelFunc: forward };
export const activationGradConfig: KernelConfig = { kernelName: activationGradKernelName, backendName: 'wasm', kernelFunc: backward };
