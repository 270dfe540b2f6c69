import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The functions of the native addon (`src/engine/native/addon/binding.cc`). Tensors are Float32Arrays in the shared
 * layouts of `../weights.ts`; `conv` takes the 18 numbers of `convParams`, `pool` the 15 of `poolParams`.
 */
export interface NativeAddon {
  version(): string;
  threads(): number;
  setThreads(n: number): void;
  implementations(): string;
  clearCache(): void;
  cacheSize(): number;
  convForward(conv: Int32Array, training: boolean, x: Float32Array, w: Float32Array, b: Float32Array | null, y: Float32Array): void;
  convBackwardData(conv: Int32Array, dy: Float32Array, w: Float32Array, dx: Float32Array): void;
  convBackwardWeights(conv: Int32Array, x: Float32Array, dy: Float32Array, dw: Float32Array, db: Float32Array | null): void;
  denseForward(n: number, inUnits: number, units: number, training: boolean, x: Float32Array, w: Float32Array, b: Float32Array | null, y: Float32Array): void;
  denseBackwardData(n: number, inUnits: number, units: number, dy: Float32Array, w: Float32Array, dx: Float32Array): void;
  denseBackwardWeights(n: number, inUnits: number, units: number, x: Float32Array, dy: Float32Array, dw: Float32Array, db: Float32Array | null): void;
  /** Batch norm fused with the activation after it: act -1 none, 0 relu, 1 relu6, 2 hard-swish. */
  bnActForwardTraining(rows: number, channels: number, eps: number, act: number, x: Float32Array, gamma: Float32Array, beta: Float32Array, y: Float32Array, mean: Float32Array, variance: Float32Array): void;
  bnActForwardInference(rows: number, channels: number, eps: number, act: number, x: Float32Array, gamma: Float32Array, beta: Float32Array, mean: Float32Array, variance: Float32Array, y: Float32Array): void;
  bnActBackward(rows: number, channels: number, eps: number, act: number, x: Float32Array, dy: Float32Array, gamma: Float32Array, beta: Float32Array, mean: Float32Array, variance: Float32Array, dx: Float32Array | null, dgamma: Float32Array, dbeta: Float32Array): void;
  activationForward(kind: number, n: number, training: boolean, x: Float32Array, y: Float32Array): void;
  activationBackward(kind: number, n: number, x: Float32Array, dy: Float32Array, dx: Float32Array): void;
  poolWorkspaceBytes(pool: Int32Array): number;
  poolForward(pool: Int32Array, training: boolean, x: Float32Array, y: Float32Array, workspace: Uint8Array | null): void;
  poolBackward(pool: Int32Array, dy: Float32Array, workspace: Uint8Array | null, dx: Float32Array): void;
  add(n: number, a: Float32Array, b: Float32Array, y: Float32Array): void;
  accumulate(n: number, y: Float32Array, x: Float32Array): void;
  concatChannels(rows: number, channels: Int32Array, xs: Float32Array[], y: Float32Array): void;
  splitChannels(rows: number, channels: Int32Array, dy: Float32Array, dxs: (Float32Array | null)[]): void;
  padForward(pad: Int32Array, x: Float32Array, y: Float32Array): void;
  padBackward(pad: Int32Array, dy: Float32Array, dx: Float32Array): void;
  /** Summed loss and the count of rows whose arg-max is the label; writes d(mean loss)/d logits when given. */
  softmaxCrossEntropy(n: number, k: number, logits: Float32Array, labels: Int32Array, dlogits: Float32Array | null): [number, number];
  sgd(w: Float32Array, g: Float32Array, m: Float32Array, lr: number, momentum: number, nesterov: boolean, decay: number): void;
  adam(w: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, lr: number, beta1: number, beta2: number, eps: number, step: number, decay: number): void;
}

/** How to get the native engine, for messages where it is missing. */
export const ENABLE_NATIVE = 'install oneDNN (`apt-get install libdnnl-dev` on Debian/Ubuntu), then run `npm rebuild tinyevo` (in a checkout: `node scripts/build-native.js`)';

/** The package root: this file is src/engine/native/addon.ts, compiled to dist/src/engine/native/addon.js. */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

let loaded: { addon: NativeAddon | null; reason: string } | undefined;

/**
 * Loads the addon once. Returns it, or null with the reason: not built, switched off by TINYEVO_NATIVE=off, or a
 * load failure (a missing libdnnl.so, say).
 */
export function loadNative(): { addon: NativeAddon | null; reason: string } {
  if (loaded) return loaded;
  if (process.env.TINYEVO_NATIVE === 'off') return (loaded = { addon: null, reason: 'the native engine is switched off (TINYEVO_NATIVE=off)' });
  const file = join(packageRoot(), 'build', 'Release', 'tinyevo_native.node');
  if (!existsSync(file)) return (loaded = { addon: null, reason: `the native addon is not built (no ${file})` });
  try {
    const addon = createRequire(import.meta.url)(file) as NativeAddon;
    return (loaded = { addon, reason: '' });
  } catch (e) {
    return (loaded = { addon: null, reason: `the native addon ${file} failed to load: ${(e as Error).message}` });
  }
}
