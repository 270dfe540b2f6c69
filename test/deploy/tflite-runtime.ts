// Loads @tensorflow/tfjs-tflite (TFLite compiled to WebAssembly) in Node for cross-runtime tests. Its loader expects
// a browser or web worker: this provides `self`, `location`, `navigator` and `importScripts`, serves its .js/.wasm
// files from node_modules through `fetch`, and hides thread support so it picks the single-threaded SIMD build.
// Nothing is downloaded. Inert until `loadTfliteRuntime` is called.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { runInThisContext } from 'node:vm';
import * as tf from '@tensorflow/tfjs-core';

const require = createRequire(import.meta.url);

interface TfliteModule {
  setWasmPath(path: string): void;
  loadTFLiteModel(model: ArrayBuffer): Promise<{ predict(x: tf.Tensor): tf.Tensor | tf.Tensor[] }>;
}

let loaded: TfliteModule | null = null;

function installShims(wasmDir: string): () => void {
  const g = globalThis as Record<string, unknown>;
  const saved = { MessageChannel: g.MessageChannel, fetch: g.fetch };
  g.self ??= globalThis;
  g.location ??= { href: `file://${wasmDir}/`, origin: 'file://', protocol: 'file:' };
  g.navigator ??= { userAgent: 'node', hardwareConcurrency: 1 };
  g.importScripts = (url: string) => { const p = join(wasmDir, basename(String(url))); runInThisContext(readFileSync(p, 'utf8'), { filename: p }); };
  g.MessageChannel = class { port1 = { postMessage: () => { throw new Error('single-threaded'); } }; };
  const realFetch = saved.fetch as typeof fetch;
  g.fetch = async (url: unknown, init?: RequestInit) => {
    const u = String(url);
    if (u.endsWith('.wasm') || u.endsWith('.js')) return new Response(readFileSync(join(wasmDir, basename(u))), { headers: { 'Content-Type': 'application/wasm' } });
    return realFetch(url as string, init);
  };
  return () => { g.MessageChannel = saved.MessageChannel; };
}

/** Loads tfjs-tflite once (the TF.js backend must already be set). */
export async function loadTfliteRuntime(): Promise<TfliteModule> {
  if (loaded) return loaded;
  const wasmDir = join(dirname(require.resolve('@tensorflow/tfjs-tflite/package.json')), 'wasm');
  const restore = installShims(wasmDir);
  const mod = require('@tensorflow/tfjs-tflite') as TfliteModule;
  mod.setWasmPath(`file://${wasmDir}/`);
  // The first model load finishes the wasm module's start-up; restore the globals only after it.
  loaded = mod;
  (loaded as unknown as { restore: () => void }).restore = restore;
  return mod;
}

/** Runs a .tflite model in tfjs-tflite on int8 samples (TF.js carries int8 as int32); returns the int8 outputs. */
export async function runInTflite(bytes: Uint8Array, inputShape: readonly number[], samples: readonly Int8Array[]): Promise<Int8Array[]> {
  const mod = await loadTfliteRuntime();
  const warn = console.warn;
  console.warn = () => {};
  try {
    const model = await mod.loadTFLiteModel(bytes.slice().buffer);
    return samples.map((s) => {
      const x = tf.tensor(Int32Array.from(s), [...inputShape], 'int32');
      const y = model.predict(x) as tf.Tensor;
      const out = Int8Array.from(y.dataSync());
      tf.dispose([x, y]);
      return out;
    });
  } finally {
    console.warn = warn;
  }
}
