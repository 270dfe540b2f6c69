import { getKernel, type Attribute, type KernelBackend, type NamedTensorInfoMap, type TensorInfo } from '@tensorflow/tfjs-core';
import { EngineError } from '../../errors.js';

/**
 * Runs other registered wasm kernels from inside a kernel, on TensorInfos, without creating tracked tf.Tensors.
 * Every intermediate is freed with `free`; only the kernel's final output leaves. This is how tfjs' own composite
 * kernels avoid leaking tensors into the caller's scope (calling tf ops inside a kernel would).
 */
export class Composer {
  private readonly live: TensorInfo[] = [];

  constructor(private readonly backend: KernelBackend) {}

  /** Runs kernel `name` on the wasm backend; the result is freed by `dispose()` unless passed to `keep`. */
  run(name: string, inputs: NamedTensorInfoMap, attrs: Record<string, unknown> = {}): TensorInfo {
    const kernel = getKernel(name, 'wasm');
    if (!kernel) throw new EngineError(`wasm gradient kernels: kernel '${name}' must be registered for backend 'wasm'; got none. Use a matching @tensorflow/tfjs-backend-wasm version.`);
    const out = kernel.kernelFunc({ inputs, attrs: attrs as unknown as Record<string, Attribute>, backend: this.backend });
    const info = Array.isArray(out) ? (out[0] as TensorInfo) : out;
    this.live.push(info);
    return info;
  }

  /** Reshape without copying (shares the data). */
  reshape(x: TensorInfo, shape: number[]): TensorInfo {
    return this.run('Reshape', { x }, { shape });
  }

  transpose(x: TensorInfo, perm: number[]): TensorInfo {
    return this.run('Transpose', { x }, { perm });
  }

  /** Removes `out` from the intermediates so that `dispose()` keeps it, and returns it. */
  keep(out: TensorInfo): TensorInfo {
    const i = this.live.lastIndexOf(out);
    if (i >= 0) this.live.splice(i, 1);
    return out;
  }

  /** Frees every intermediate not kept. */
  dispose(): void {
    for (const t of this.live) this.backend.disposeData(t.dataId);
    this.live.length = 0;
  }
}

/** Runs `body` with a Composer and frees its intermediates even when it throws; returns the kept output. */
export function compose(backend: KernelBackend, body: (c: Composer) => TensorInfo): TensorInfo {
  const c = new Composer(backend);
  try {
    return c.keep(body(c));
  } finally {
    c.dispose();
  }
}
