import { getKernel, registerKernel, unregisterKernel, type KernelConfig } from '@tensorflow/tfjs-core';
import { activationConfig, activationGradConfig } from './activation.js';
import { batchNormGradConfig, batchNormTrainConfig } from './batch-norm.js';
import { conv2DBackpropFilterConfig } from './conv2d-backprop-filter.js';
import { conv2DBackpropInputConfig } from './conv2d-backprop-input.js';
import { depthwiseConv2dNativeBackpropFilterConfig } from './depthwise-conv2d-backprop-filter.js';
import { depthwiseConv2dNativeBackpropInputConfig } from './depthwise-conv2d-backprop-input.js';
import { identityConfig } from './identity.js';
import { adamStepConfig, sgdStepConfig } from './optimizer.js';
import { avgPoolGradConfig, maxPoolGradConfig } from './pool-grad.js';
import { rememberBuiltin } from './builtin.js';

/**
 * The training kernels tinyevo installs on the wasm backend: three gradient kernels the backend lacks,
 * Conv2DBackpropInput, which it has but runs as a slow plain loop, training-mode batch norm and activations forward
 * and backward as single kernels, fused optimizer updates, pooling gradients, and an Identity that shares data instead of copying it.
 */
export const wasmGradientKernelConfigs: readonly KernelConfig[] = [
  conv2DBackpropFilterConfig, conv2DBackpropInputConfig, depthwiseConv2dNativeBackpropFilterConfig, depthwiseConv2dNativeBackpropInputConfig,
  batchNormTrainConfig, batchNormGradConfig, activationConfig, activationGradConfig, identityConfig,
  adamStepConfig, sgdStepConfig, avgPoolGradConfig, maxPoolGradConfig,
];

/** Installs tinyevo's wasm gradient kernels, replacing any other registration of the same names. Idempotent. */
export function registerWasmGradientKernels(): void {
  for (const config of wasmGradientKernelConfigs) {
    const current = getKernel(config.kernelName, 'wasm');
    if (current?.kernelFunc === config.kernelFunc) continue;
    if (current) {
      if (!wasmGradientKernelConfigs.some((c) => c.kernelFunc === current.kernelFunc)) rememberBuiltin(current);
      unregisterKernel(config.kernelName, 'wasm');
    }
    registerKernel(config);
  }
}
