import type { KernelBackend, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { EngineError } from '../../errors.js';
import { heapAddress, simdKernels } from './simd/index.js';

/**
 * One optimizer update of one variable as a single wasm kernel, in place of the 5 (SGD with momentum) to 15 (Adam)
 * elementwise kernels the composed update runs per variable. Inputs v, g, m (and s for Adam); outputs the new v, m
 * (and s). The arithmetic and its order are the composed update's (src/engine/tfjs/optimizer.ts), so both give
 * the same float32 results.
 */
export const adamStepKernelName = 'TinyevoAdamStep';
export const sgdStepKernelName = 'TinyevoSgdStep';

export interface AdamStepAttrs { lr: number; beta1: number; beta2: number; c1: number; c2: number; epsilon: number; weightDecay: number }
export interface SgdStepAttrs { lr: number; momentum: number; nesterov: boolean; weightDecay: number }

function size(t: TensorInfo): number {
  return t.shape.reduce((p, d) => p * d, 1);
}

function outputsLike(backend: BackendWasm, v: TensorInfo, count: number): TensorInfo[] {
  return Array.from({ length: count }, () => backend.makeOutput(v.shape, 'float32'));
}

const adam: KernelFunc = ({ inputs, attrs, backend }) => {
  const simd = simdKernels(backend as KernelBackend);
  if (!simd) throw new EngineError(`${adamStepKernelName}: needs tinyevo's wasm SIMD kernels on the wasm backend; they are not built. Run \`npm run build:simd\`.`);
  const { v, g, m, s } = inputs as { v: TensorInfo; g: TensorInfo; m: TensorInfo; s: TensorInfo };
  const a = attrs as unknown as AdamStepAttrs;
  const out = outputsLike(backend as BackendWasm, v, 3) as [TensorInfo, TensorInfo, TensorInfo];
  const at = (t: TensorInfo) => heapAddress(backend, t);
  simd.adamStep(at(v), at(g), at(m), at(s), at(out[0]), at(out[1]), at(out[2]), size(v), a.lr, a.beta1, 1 - a.beta1, a.beta2, 1 - a.beta2, a.c1, a.c2, a.epsilon, a.weightDecay);
  return out;
};

const sgd: KernelFunc = ({ inputs, attrs, backend }) => {
  const simd = simdKernels(backend as KernelBackend);
  if (!simd) throw new EngineError(`${sgdStepKernelName}: needs tinyevo's wasm SIMD kernels on the wasm backend; they are not built. Run \`npm run build:simd\`.`);
  const { v, g, m } = inputs as { v: TensorInfo; g: TensorInfo; m: TensorInfo };
  const a = attrs as unknown as SgdStepAttrs;
  const out = outputsLike(backend as BackendWasm, v, 2) as [TensorInfo, TensorInfo];
  const at = (t: TensorInfo) => heapAddress(backend, t);
  simd.sgdStep(at(v), at(g), at(m), at(out[0]), at(out[1]), size(v), a.lr, a.momentum, a.nesterov ? 1 : 0, a.weightDecay);
  return out;
};

export const adamStepConfig: KernelConfig = { kernelName: adamStepKernelName, backendName: 'wasm', kernelFunc: adam };
export const sgdStepConfig: KernelConfig = { kernelName: sgdStepKernelName, backendName: 'wasm', kernelFunc: sgd };
