import type { ArchGraph } from '../../arch/types.js';
import type { Split } from '../../data/dataset.js';
import { EngineError } from '../../errors.js';
import { loadNative, type NativeAddon } from '../../engine/native/addon.js';
import { NativeModel } from '../../engine/native/model.js';
import type { WeightTensor } from '../../engine/weights.js';

interface Shared { readonly name: string; readonly shape: readonly number[]; readonly values: Float32Array; readonly grad: Float32Array; readonly m: Float32Array; readonly v: Float32Array }

/** Where a sub-network's weight of `sub` shape starts inside the supernet weight of `full` shape (see `inheritedSlice`). */
function sliceBegin(full: readonly number[], sub: readonly number[]): number[] {
  return sub.map((d, i) => (full.length === 4 && i < 2 ? ((full[i] as number) - d) / 2 : 0));
}

/** Flat offsets into the supernet weight of every entry of the slice, in the slice's row-major order. */
function sliceIndex(full: readonly number[], sub: readonly number[]): Int32Array {
  const begin = sliceBegin(full, sub);
  const strides = full.map((_, i) => full.slice(i + 1).reduce((p, d) => p * d, 1));
  const n = sub.reduce((p, d) => p * d, 1);
  const out = new Int32Array(n);
  const idx = sub.map(() => 0);
  for (let k = 0; k < n; k++) {
    let off = 0;
    for (let i = 0; i < sub.length; i++) off += ((idx[i] as number) + (begin[i] as number)) * (strides[i] as number);
    out[k] = off;
    for (let i = sub.length - 1; i >= 0; i--) {
      idx[i] = (idx[i] as number) + 1;
      if ((idx[i] as number) < (sub[i] as number)) break;
      idx[i] = 0;
    }
  }
  return out;
}

/** A sub-network built on the native engine, with the supernet offsets of each of its trainable weights. */
interface SubModel { readonly model: NativeModel; readonly links: { readonly shared: Shared; readonly at: Int32Array; readonly values: Float32Array; readonly grad: Float32Array }[] }

/**
 * Supernet training steps on the native engine: the shared weights live here as Float32Arrays (those of the largest
 * network); each step builds (or reuses) every sampled sub-network as a NativeModel, copies its slices in, computes
 * its gradients, adds them into the shared gradients at the same slices, and takes one Adam step on the shared
 * weights, the update rule of the TF.js path. `weights()` gives the trained shared weights back.
 */
export class NativeSupernetSteps {
  private readonly shared = new Map<string, Shared>();
  private readonly models = new Map<string, SubModel>();
  private readonly native: NativeAddon;
  private t = 0;

  constructor(start: readonly WeightTensor[], trainable: ReadonlySet<string>, private readonly rest: readonly WeightTensor[] = []) {
    const { addon, reason } = loadNative();
    if (!addon) throw new EngineError(`supernet on engine 'native': ${reason}.`);
    this.native = addon;
    for (const w of start) {
      if (!trainable.has(w.name)) continue;
      const n = w.values.length;
      this.shared.set(w.name, { name: w.name, shape: w.shape, values: w.values.slice(), grad: new Float32Array(n), m: new Float32Array(n), v: new Float32Array(n) });
    }
  }

  private subModel(key: string, graph: ArchGraph): SubModel {
    let s = this.models.get(key);
    if (s) {
      this.models.delete(key);
      this.models.set(key, s);
      return s;
    }
    const model = new NativeModel(graph, 0, false);
    const links = model.trainable().map((t) => {
      const shared = this.shared.get(t.name);
      if (!shared || shared.shape.length !== t.shape.length || t.shape.some((d, i) => d > (shared.shape[i] as number))) {
        throw new EngineError(`supernet: sub-network weight '${t.name}' of shape [${t.shape.join(',')}] must be a slice of a supernet weight; the supernet has ${shared ? `[${shared.shape.join(',')}]` : 'none'}.`);
      }
      return { shared, at: sliceIndex(shared.shape, t.shape), values: t.values, grad: t.grad };
    });
    s = { model, links };
    // The last few sub-networks stay built (the largest and smallest recur every step); random ones come and go.
    if (this.models.size >= 8) {
      const oldest = this.models.keys().next().value as string;
      this.models.get(oldest)?.model.dispose();
      this.models.delete(oldest);
    }
    this.models.set(key, s);
    return s;
  }

  /**
   * One sandwich step: the summed cross-entropy gradients of `subnets` (keyed graphs) on samples `order[from..to)`,
   * then Adam with learning rate `lr`. With `distill`, the sub-networks after the first learn the first's predictions
   * (soft labels, no gradient through them) instead of the labels. Returns the mean loss over the sub-networks.
   */
  step(subnets: readonly { key: string; graph: ArchGraph }[], split: Split, order: ArrayLike<number>, from: number, to: number, lr: number, distill = false): number {
    for (const s of this.shared.values()) s.grad.fill(0);
    let loss = 0;
    let teacher: Float32Array | undefined;
    for (const [i, { key, graph }] of subnets.entries()) {
      const sub = this.subModel(key, graph);
      for (const l of sub.links) {
        const src = l.shared.values;
        for (let k = 0; k < l.at.length; k++) l.values[k] = src[l.at[k] as number] as number;
      }
      loss += sub.model.computeGradients(split.x, split.y, order, from, to, teacher);
      // In-place distillation: the first (largest) network learns the labels, the others its predictions.
      if (distill && i === 0) teacher = sub.model.lastProbabilities(to - from);
      for (const l of sub.links) {
        const dst = l.shared.grad;
        for (let k = 0; k < l.at.length; k++) dst[l.at[k] as number] = (dst[l.at[k] as number] as number) + (l.grad[k] as number);
      }
    }
    this.t++;
    for (const s of this.shared.values()) this.native.adam(s.values, s.grad, s.m, s.v, lr, 0.9, 0.999, 1e-7, this.t, 0);
    return loss / subnets.length;
  }

  /** The shared weights now (trainable ones trained here, the others as given). */
  weights(): WeightTensor[] {
    return [...[...this.shared.values()].map((s) => ({ name: s.name, shape: s.shape, values: s.values.slice() })), ...this.rest];
  }

  /** Drops the built sub-networks. */
  dispose(): void {
    for (const s of this.models.values()) s.model.dispose();
    this.models.clear();
  }
}
