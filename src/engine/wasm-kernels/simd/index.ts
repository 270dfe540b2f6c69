import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';
import { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * tinyevo's own WebAssembly SIMD kernels (`kernels.as.ts`, AssemblyScript compiled by `npm run build:simd` to
 * `kernels.wasm` beside this file). The module imports the tfjs wasm backend's memory, so its kernels read and write
 * tensors where the backend keeps them: no copies in or out. XNNPACK, which the backend runs on, has no gradient
 * kernels; composing them from its forward kernels costs extra passes (see the kernels that use these).
 */
export interface SimdKernels {
  depthwiseFilterGrad(x: number, dy: number, out: number, n: number, h: number, w: number, c: number, oh: number, ow: number,
    kh: number, kw: number, sh: number, sw: number, pt: number, pl: number): void;
  convInputGrad(dy: number, wt: number, dx: number, n: number, h: number, w: number, ci: number, oh: number, ow: number, co: number,
    kh: number, kw: number, sh: number, sw: number, pt: number, pl: number): void;
  batchNormForward(x: number, gamma: number, beta: number, y: number, mean: number, variance: number, invStd: number,
    m: number, c: number, eps: number, scratch: number): void;
  batchNormBackward(dy: number, x: number, mean: number, invStd: number, gamma: number, dx: number, dgamma: number, dbeta: number,
    m: number, c: number, scratch: number): void;
  activationForward(x: number, y: number, n: number, fn: number): void;
  activationBackward(dy: number, x: number, dx: number, n: number, fn: number): void;
  adamStep(v: number, g: number, m: number, s: number, vOut: number, mOut: number, sOut: number, n: number,
    lr: number, b1: number, ob1: number, b2: number, ob2: number, c1: number, c2: number, eps: number, wd: number): void;
  sgdStep(v: number, g: number, m: number, vOut: number, mOut: number, n: number, lr: number, mom: number, nesterov: number, wd: number): void;
  avgPoolGrad(dy: number, dx: number, n: number, h: number, w: number, c: number, oh: number, ow: number,
    kh: number, kw: number, sh: number, sw: number, pt: number, pl: number): void;
  maxPoolGrad(dy: number, x: number, y: number, dx: number, n: number, h: number, w: number, c: number, oh: number, ow: number,
    kh: number, kw: number, sh: number, sw: number, pt: number, pl: number): void;
  depthwiseInputGrad(dy: number, w: number, dx: number, n: number, h: number, wd: number, c: number, oh: number, ow: number,
    kh: number, kw: number, sh: number, sw: number, pt: number, pl: number): void;
  convFilterGrad(x: number, dy: number, out: number, n: number, h: number, w: number, ci: number, oh: number, ow: number, co: number,
    kh: number, kw: number, sh: number, sw: number, pt: number, pl: number): void;
}

// The project's lib (ES2022, no DOM) has no WebAssembly types; these are the few members used here.
type WasmMemory = object;
type WasmModule = object;
interface WasmApi {
  Memory: abstract new (...args: never[]) => WasmMemory;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => { exports: unknown };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** Where `npm run build:simd` writes the module. */
export const simdModulePath = fileURLToPath(new URL('./kernels.wasm', import.meta.url));

let compiled: WasmModule | null | undefined;
// TINYEVO_WASM_SIMD=off runs every kernel on its composed fallback (for comparisons and for bisecting a problem).
let enabled = process.env.TINYEVO_WASM_SIMD !== 'off';

/** Turns tinyevo's SIMD kernels on or off for the kernels that have a composed fallback; returns the old setting. */
export function setSimdKernelsEnabled(on: boolean): boolean {
  const old = enabled;
  enabled = on;
  return old;
}
const instances = new WeakMap<WasmMemory, SimdKernels>();

function compiledModule(): WasmModule | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  try {
    compiled = new wasmApi.Module(readFileSync(simdModulePath));
  } catch {
    // Not built (a checkout without `npm run build:simd`) or no wasm SIMD in this runtime: the kernels that use
    // these fall back to compositions of the backend's own kernels.
  }
  return compiled;
}

/** The backend's WebAssembly.Memory (the emscripten module's exported memory), or null on another backend. */
function backendMemory(backend: KernelBackend): WasmMemory | null {
  if (!(backend instanceof BackendWasm)) return null;
  const memory = (backend.wasm as unknown as { asm?: { memory?: unknown } }).asm?.memory;
  return memory instanceof wasmApi.Memory ? memory : null;
}

/** The SIMD kernels bound to `backend`'s heap, or null when the module is not built or the backend is not wasm. */
export function simdKernels(backend: KernelBackend): SimdKernels | null {
  if (!enabled) return null;
  const memory = backendMemory(backend);
  const module = compiledModule();
  if (!memory || !module) return null;
  let kernels = instances.get(memory);
  if (!kernels) {
    kernels = new wasmApi.Instance(module, { env: { memory } }).exports as unknown as SimdKernels;
    instances.set(memory, kernels);
  }
  return kernels;
}

/** Byte address of a float32 tensor in the wasm heap (fixed for the tensor's life; the heap may grow, not move). */
export function heapAddress(backend: unknown, t: TensorInfo): number {
  return (backend as BackendWasm).typedArrayFromHeap(t).byteOffset;
}
