import { AvgPoolGrad, backend_util, MaxPoolGrad, type AvgPoolGradAttrs, type KernelBackend, type KernelConfig, type KernelFunc, type MaxPoolGradAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { EngineError } from '../../errors.js';
import { builtinKernel } from './builtin.js';
import { heapAddress, simdKernels, type SimdKernels } from './simd/index.js';

/*
 * Average- and max-pool gradients as tinyevo's SIMD kernels (4 channels at a time), replacing the backend's plain
 * loops: measured here on x=[64,32,32,16], a 3x3 stride-1 'same' pool's forward plus gradient took 37 ms (average)
 * and 73 ms (max) against 3.8 ms for the forward pass alone. Padding cells are outside every window, as in the
 * forward kernels, so the average-pool gradient divides by the cells inside (TF.js's cpu kernel divides by the
 * whole window at 'same' borders, which is not the gradient of its own forward pass). The max-pool gradient gives
 * each window's gradient to its first maximum, as TF.js's cpu kernel does; the backend's own kernel differs from
 * both at 'same' borders when inputs are negative (measured here) and on ties. Without the SIMD module the
 * backend's own kernels run.
 */

type Geometry = [number, number, number, number, number, number, number, number, number, number, number, number];

function geometry(where: string, xShape: number[], a: AvgPoolGradAttrs | MaxPoolGradAttrs): Geometry {
  if (xShape.length !== 4) throw new EngineError(`${where}: input must be 4-D NHWC; got shape [${xShape.join(', ')}].`);
  const mode = (a as MaxPoolGradAttrs).dimRoundingMode;
  const info = backend_util.computePool2DInfo(xShape as [number, number, number, number], a.filterSize, a.strides, 1, a.pad, mode);
  return [info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth,
    info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, info.padInfo.top, info.padInfo.left];
}

function run(name: string, args: Parameters<KernelFunc>[0], simdBody: (simd: SimdKernels, backend: BackendWasm) => TensorInfo): TensorInfo | TensorInfo[] {
  const simd = simdKernels(args.backend as KernelBackend);
  if (simd) return simdBody(simd, args.backend as BackendWasm);
  const builtin = builtinKernel(name);
  if (!builtin) throw new EngineError(`${name}: the wasm backend's own kernel was not found; register tinyevo's kernels with registerWasmGradientKernels.`);
  return builtin.kernelFunc(args);
}

const avgPoolGrad: KernelFunc = (args) => run(AvgPoolGrad, args, (simd, backend) => {
  const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo };
  const g = geometry(AvgPoolGrad, input.shape, args.attrs as unknown as AvgPoolGradAttrs);
  const dx = backend.makeOutput(input.shape, 'float32');
  simd.avgPoolGrad(heapAddress(backend, dy), heapAddress(backend, dx), ...g);
  return dx;
});

const maxPoolGrad: KernelFunc = (args) => run(MaxPoolGrad, args, (simd, backend) => {
  const { dy, input, output } = args.inputs as { dy: TensorInfo; input: TensorInfo; output: TensorInfo };
  const g = geometry(MaxPoolGrad, input.shape, args.attrs as unknown as MaxPoolGradAttrs);
  const dx = backend.makeOutput(input.shape, 'float32');
  simd.maxPoolGrad(heapAddress(backend, dy), heapAddress(backend, input), heapAddress(backend, output), heapAddress(backend, dx), ...g);
  return dx;
});

/** The backend's own setup (its cwrap of the C kernel) still runs, for the fallback. */
const setupOf = (name: string) => (backend: object) => builtinKernel(name)?.setupFunc?.(backend);

export const avgPoolGradConfig: KernelConfig = { kernelName: AvgPoolGrad, backendName: 'wasm', kernelFunc: avgPoolGrad, setupFunc: setupOf(AvgPoolGrad) };
export const maxPoolGradConfig: KernelConfig = { kernelName: MaxPoolGrad, backendName: 'wasm', kernelFunc: maxPoolGrad, setupFunc: setupOf(MaxPoolGrad) };
