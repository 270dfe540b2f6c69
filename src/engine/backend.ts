import * as tf from '@tensorflow/tfjs-core';
import './tfjs/setup.js';
import { EngineError } from '../errors.js';
import { registerWasmGradientKernels } from './wasm-kernels/index.js';

/** Backends a user can ask for. 'auto' picks tfjs-node ('tensorflow') when installed, else 'wasm'. */
export const backendNames = ['auto', 'wasm', 'cpu', 'tensorflow'] as const;
/** A backend name accepted by `useBackend`. */
export type BackendName = (typeof backendNames)[number];

async function tfjsNodeAvailable(): Promise<boolean> {
  // A variable specifier keeps TypeScript from requiring the optional package at compile time.
  const optional = '@tensorflow/tfjs-node';
  try {
    await import(optional);
    return true;
  } catch {
    return false;
  }
}

/**
 * Makes `name` the active TF.js backend and returns the name actually in use. On wasm it also registers tinyevo's
 * gradient kernels (conv filter gradient, depthwise gradients), which the wasm backend lacks.
 * Throws EngineError for an unknown name, or for 'tensorflow' when @tensorflow/tfjs-node is not installed.
 */
export async function useBackend(name: string = 'auto'): Promise<Exclude<BackendName, 'auto'>> {
  if (!(backendNames as readonly string[]).includes(name)) {
    throw new EngineError(`backend: name must be one of ${backendNames.join(', ')}; got ${JSON.stringify(name)}.`);
  }
  let chosen = name as BackendName;
  if (chosen === 'auto') chosen = (await tfjsNodeAvailable()) ? 'tensorflow' : 'wasm';
  if (chosen === 'tensorflow' && !(await tfjsNodeAvailable())) {
    throw new EngineError("backend 'tensorflow': @tensorflow/tfjs-node must be installed; got no such package. Run `npm install @tensorflow/tfjs-node` or use backend 'wasm'.");
  }
  if (chosen === 'wasm') registerWasmGradientKernels();
  if (tf.getBackend() !== chosen) {
    const ok = await tf.setBackend(chosen);
    if (!ok) throw new EngineError(`backend '${chosen}': initialisation failed. Use backend 'cpu' to run without it.`);
  }
  await tf.ready();
  return chosen;
}
