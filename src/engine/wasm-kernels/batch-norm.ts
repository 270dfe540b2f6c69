import type { KernelBackend, KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { EngineError } from '../../errors.js';
import { heapAddress, simdKernels, type SimdKernels } from './simd/index.js';

/**
 * Training-mode batch norm as two wasm kernels of tinyevo's own (the tfjs layer calls them by these names when they
 * can run; see `batchNormKernelsAvailable`). Forward: inputs x [..., C], gamma [C], beta [C], attribute epsilon;
 * outputs y, the batch mean, the biased batch variance and invStd = 1 / sqrt(variance + epsilon). Backward: inputs
 * dy, x, mean, invStd, gamma; outputs dx, dgamma, dbeta. Each is one SIMD kernel reading the tensors where they
 * are: measured on ResNet-8 (batch 64) the composed ops they replace took 7 + 8 whole-tensor passes per layer.
 */
export const batchNormTrainKernelName = 'TinyevoBatchNormTrain';
export const batchNormGradKernelName = 'TinyevoBatchNormGrad';

function kernelsOrThrow(backend: KernelBackend, where: string): SimdKernels {
  const simd = simdKernels(backend);
  if (!simd) throw new EngineError(`${where}: needs tinyevo's wasm SIMD kernels on the wasm backend; they are not built. Run \`npm run build:simd\`.`);
  return simd;
}

/** Channels and pixels of a channels-last tensor. */
function layout(x: TensorInfo): { c: number; m: number } {
  const c = x.shape[x.shape.length - 1] as number;
  return { c, m: x.shape.reduce((p, d) => p * d, 1) / c };
}

/** Runs `body` with a float32 scratch buffer of 9c + 2 floats (float64 aligned by the allocator) and frees it. */
function withScratch<T>(backend: BackendWasm, c: number, body: (scratch: number) => T): T {
  const scratch = backend.makeOutput([9 * c + 2], 'float32');
  try {
    return body(heapAddress(backend, scratch));
  } finally {
    backend.disposeData(scratch.dataId);
  }
}

const forward: KernelFunc = ({ inputs, attrs, backend }) => {
  const simd = kernelsOrThrow(backend as KernelBackend, batchNormTrainKernelName);
  const wasm = backend as BackendWasm;
  const { x, gamma, beta } = inputs as { x: TensorInfo; gamma: TensorInfo; beta: TensorInfo };
  const { c, m } = layout(x);
  const y = wasm.makeOutput(x.shape, 'float32');
  const mean = wasm.makeOutput([c], 'float32');
  const variance = wasm.makeOutput([c], 'float32');
  const invStd = wasm.makeOutput([c], 'float32');
  withScratch(wasm, c, (scratch) => {
    const at = (t: TensorInfo) => heapAddress(wasm, t);
    simd.batchNormForward(at(x), at(gamma), at(beta), at(y), at(mean), at(variance), at(invStd), m, c, (attrs as { epsilon: number }).epsilon, scratch);
  });
  return [y, mean, variance, invStd];
};

const backward: KernelFunc = ({ inputs, backend }) => {
  const simd = kernelsOrThrow(backend as KernelBackend, batchNormGradKernelName);
  const wasm = backend as BackendWasm;
  const { dy, x, mean, invStd, gamma } = inputs as { dy: TensorInfo; x: TensorInfo; mean: TensorInfo; invStd: TensorInfo; gamma: TensorInfo };
  const { c, m } = layout(x);
  const dx = wasm.makeOutput(x.shape, 'float32');
  const dgamma = wasm.makeOutput([c], 'float32');
  const dbeta = wasm.makeOutput([c], 'float32');
  withScratch(wasm, c, (scratch) => {
    const at = (t: TensorInfo) => heapAddress(wasm, t);
    simd.batchNormBackward(at(dy), at(x), at(mean), at(invStd), at(gamma), at(dx), at(dgamma), at(dbeta), m, c, scratch);
  });
  return [dx, dgamma, dbeta];
};

export const batchNormTrainConfig: KernelConfig = { kernelName: batchNormTrainKernelName, backendName: 'wasm', kernelFunc: forward };
export const batchNormGradConfig: KernelConfig = { kernelName: batchNormGradKernelName, backendName: 'wasm', kernelFunc: backward };

/** True when the batch-norm kernels can run on `backend` (the wasm backend with the SIMD kernels built). */
export function batchNormKernelsAvailable(backend: KernelBackend): boolean {
  return simdKernels(backend) !== null;
}
