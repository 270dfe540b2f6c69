import type { KernelConfig } from '@tensorflow/tfjs-core';

/**
 * The wasm backend's own kernels that tinyevo's replace, kept so that a replacement can fall back to them (when the
 * SIMD module is not built) and run their setup when the backend starts.
 */
const builtins = new Map<string, KernelConfig>();

export function rememberBuiltin(config: KernelConfig): void {
  builtins.set(config.kernelName, config);
}

export function builtinKernel(name: string): KernelConfig | undefined {
  return builtins.get(name);
}
