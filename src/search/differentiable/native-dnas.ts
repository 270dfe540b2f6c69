import type { ArchGraph } from '../../arch/types.js';
import type { Split } from '../../data/dataset.js';
import { EngineError } from '../../errors.js';
import { loadNative, type NativeAddon } from '../../engine/native/addon.js';
import { NativeModel } from '../../engine/native/model.js';
import type { WeightTensor } from '../../engine/weights.js';
import { MCUNET_LAYOUT } from '../../space/mcunet/index.js';

const L = MCUNET_LAYOUT;
const KERNELS = [3, 5, 7];
const EXPANDS = [3, 4, 6];

/** One block's weights and the decisions that mix them. */
interface Block {
  readonly kernelRow: number;
  readonly expandRow: number;
  /** The depth decision's row and the first depth choice that includes this block, or null (always present). */
  readonly depth: { readonly row: number; readonly from: number } | null;
  /** Depthwise kernel [k, k, C, 1] (k the largest kernel), and whether an expansion feeds it (its input is masked). */
  readonly dw: string;
  readonly dwMasked: boolean;
  /** Projection kernel [1, 1, C, Co]: its input channels are masked. */
  readonly project: string;
  readonly gamma: string;
  readonly beta: string;
  readonly channels: number;
}

/** max - k halved: where the centre k x k window starts inside the largest kernel. */
const inset = (k: number) => ((KERNELS[KERNELS.length - 1] as number) - k) / 2;

/**
 * DNAS's mixed network on the native engine. Every mixing DNAS does (src/search/differentiable/dnas.ts) is a
 * rescaling of weights: the kernel mixture multiplies the depthwise kernel by sum_k p_k (centre mask k); the
 * expansion mask on the expanded channels (applied after the expansion's and the depthwise's activations) equals
 * scaling the depthwise kernel's channels (a depthwise conv is linear in its input, channel by channel) and the
 * projection's input channels; the depth gate on the projection's batch-norm output equals scaling that batch
 * norm's gamma and beta (batch statistics do not depend on them). So each step writes the effective weights
 * W_eff = W * factor(p) into a native model of the largest network, takes the native gradient dL/dW_eff, and
 * applies the chain rule here: dL/dW = dL/dW_eff * factor(p) for the weight step, and dL/dp (sums of
 * dL/dW_eff * W over each mask) for the architecture step. The network and the gradients are those of the TF.js
 * path (a test checks both against it).
 */
export class NativeDnasMixer {
  private readonly native: NativeAddon;
  private readonly model: NativeModel;
  private readonly master = new Map<string, { values: Float32Array; m: Float32Array; v: Float32Array; grad: Float32Array }>();
  private readonly live = new Map<string, { values: Float32Array; grad: Float32Array }>();
  private readonly blocks: Block[] = [];
  private t = 0;

  constructor(readonly graph: ArchGraph, start: readonly WeightTensor[]) {
    const { addon, reason } = loadNative();
    if (!addon) throw new EngineError(`dnas on engine 'native': ${reason}.`);
    this.native = addon;
    this.model = new NativeModel(graph, 0, false);
    this.model.setWeights(start);
    for (const t of this.model.trainable()) {
      const n = t.values.length;
      this.live.set(t.name, { values: t.values, grad: t.grad });
      this.master.set(t.name, { values: t.values.slice(), m: new Float32Array(n), v: new Float32Array(n), grad: new Float32Array(n) });
    }
    const ids = new Set(graph.nodes.map((n) => n.id));
    for (let s = 0; s < L.stages; s++) {
      for (let b = 0; b < L.maxDepth; b++) {
        const id = `s${s + 1}.b${b + 1}`;
        if (!ids.has(`${id}.dw.dw`)) continue;
        const dw = this.live.get(`${id}.dw.dw/kernel`);
        if (!dw) throw new EngineError(`dnas: block ${id} has no depthwise kernel; the graph must be the mcunet space's largest network.`);
        const minDepth = L.depths[0] as number;
        this.blocks.push({
          kernelRow: L.kernelIndex(s, b), expandRow: L.expandIndex(s, b),
          depth: b >= minDepth ? { row: L.depthIndex(s), from: b + 1 - minDepth } : null,
          dw: `${id}.dw.dw/kernel`, dwMasked: ids.has(`${id}.expand.relu6`), project: `${id}.project/kernel`,
          gamma: `${id}.project.bn/gamma`, beta: `${id}.project.bn/beta`,
          channels: graph.nodes.find((n) => n.id === `${id}.dw.dw`)?.shape.at(-1) as number,
        });
      }
    }
  }

  /** Kernel-mixture factor of tap (i, j) of the largest kernel, and the channel mask, at probabilities p. */
  private masks(block: Block, p: readonly (readonly number[])[]): { tap: Float64Array; channel: Float64Array; gate: number } {
    const k = KERNELS[KERNELS.length - 1] as number;
    const pk = p[block.kernelRow] as readonly number[];
    const tap = new Float64Array(k * k);
    KERNELS.forEach((size, idx) => {
      const o = inset(size);
      for (let i = o; i < o + size; i++) for (let j = o; j < o + size; j++) tap[i * k + j] = (tap[i * k + j] as number) + (pk[idx] as number);
    });
    const pe = p[block.expandRow] as readonly number[];
    const channel = new Float64Array(block.channels);
    EXPANDS.forEach((e, idx) => {
      const keep = Math.round((block.channels * e) / (EXPANDS[EXPANDS.length - 1] as number));
      for (let c = 0; c < keep; c++) channel[c] = (channel[c] as number) + (pe[idx] as number);
    });
    let gate = 1;
    if (block.depth) {
      const pd = p[block.depth.row] as readonly number[];
      gate = pd.slice(block.depth.from).reduce((a, b) => a + b, 0);
    }
    return { tap, channel, gate };
  }

  /** Writes W_eff = W * factor(p) into the native model; `factors` gets each mixed weight's factor for the chain rule. */
  private apply(p: readonly (readonly number[])[], factors: Map<string, Float32Array>): void {
    for (const [name, m] of this.master) (this.live.get(name) as { values: Float32Array }).values.set(m.values);
    for (const block of this.blocks) {
      const { tap, channel, gate } = this.masks(block, p);
      const c = block.channels;
      const dwFactor = new Float32Array(tap.length * c);
      for (let t = 0; t < tap.length; t++) for (let ch = 0; ch < c; ch++) dwFactor[t * c + ch] = (tap[t] as number) * (block.dwMasked ? (channel[ch] as number) : 1);
      const proj = this.master.get(block.project)?.values as Float32Array;
      const co = proj.length / c;
      const projFactor = new Float32Array(proj.length);
      for (let ch = 0; ch < c; ch++) projFactor.fill(channel[ch] as number, ch * co, (ch + 1) * co);
      factors.set(block.dw, dwFactor);
      factors.set(block.project, projFactor);
      if (block.depth) {
        for (const name of [block.gamma, block.beta]) factors.set(name, new Float32Array(this.master.get(name)?.values.length as number).fill(gate));
      }
    }
    for (const [name, f] of factors) {
      const live = (this.live.get(name) as { values: Float32Array }).values;
      for (let i = 0; i < f.length; i++) live[i] = (live[i] as number) * (f[i] as number);
    }
  }

  /** dL/dW of the mixed network's cross-entropy on samples order[from..to) of `split`, left in each weight's `grad`. Returns the loss. */
  private gradientsOfW(split: Split, order: ArrayLike<number>, from: number, to: number, p: readonly (readonly number[])[]): number {
    const factors = new Map<string, Float32Array>();
    this.apply(p, factors);
    const loss = this.model.computeGradients(split.x, split.y, order, from, to);
    for (const [name, m] of this.master) {
      const g = (this.live.get(name) as { grad: Float32Array }).grad;
      const f = factors.get(name);
      if (f) for (let i = 0; i < g.length; i++) m.grad[i] = (g[i] as number) * (f[i] as number);
      else m.grad.set(g);
    }
    return loss;
  }

  /** The loss and dL/dW (copies, by weight name) at probabilities p: what a weight step follows. */
  weightGradients(split: Split, order: ArrayLike<number>, from: number, to: number, p: readonly (readonly number[])[]): { loss: number; grads: Map<string, Float32Array> } {
    const loss = this.gradientsOfW(split, order, from, to, p);
    return { loss, grads: new Map([...this.master].map(([name, m]) => [name, m.grad.slice()])) };
  }

  /** One weight step: dL/dW as in `weightGradients`, then Adam (TF.js's update rule) on W. Returns the loss. */
  weightStep(split: Split, order: ArrayLike<number>, from: number, to: number, p: readonly (readonly number[])[], lr: number): number {
    const loss = this.gradientsOfW(split, order, from, to, p);
    this.t++;
    for (const m of this.master.values()) this.native.adam(m.values, m.grad, m.m, m.v, lr, 0.9, 0.999, 1e-7, this.t, 0);
    return loss;
  }

  /**
   * The cross-entropy of samples order[from..to) of `split` and its gradient with respect to the choice
   * probabilities p ([decisions, 3]; rows no block uses stay 0).
   */
  probabilityGradient(split: Split, order: ArrayLike<number>, from: number, to: number, p: readonly (readonly number[])[]): { loss: number; grad: number[][] } {
    this.apply(p, new Map());
    const loss = this.model.computeGradients(split.x, split.y, order, from, to);
    const grad = p.map((row) => row.map(() => 0));
    const k = KERNELS[KERNELS.length - 1] as number;
    for (const block of this.blocks) {
      const { tap, channel } = this.masks(block, p);
      const c = block.channels;
      const w = this.master.get(block.dw)?.values as Float32Array;
      const g = (this.live.get(block.dw) as { grad: Float32Array }).grad;
      // dL/d(tap factor t) and dL/d(channel factor ch) of the depthwise kernel.
      const dTap = new Float64Array(k * k);
      const dChannel = new Float64Array(c);
      for (let t = 0; t < k * k; t++) {
        for (let ch = 0; ch < c; ch++) {
          const gw = (g[t * c + ch] as number) * (w[t * c + ch] as number);
          dTap[t] = (dTap[t] as number) + gw * (block.dwMasked ? (channel[ch] as number) : 1);
          if (block.dwMasked) dChannel[ch] = (dChannel[ch] as number) + gw * (tap[t] as number);
        }
      }
      const pw = this.master.get(block.project)?.values as Float32Array;
      const pg = (this.live.get(block.project) as { grad: Float32Array }).grad;
      const co = pw.length / c;
      for (let ch = 0; ch < c; ch++) for (let o = 0; o < co; o++) dChannel[ch] = (dChannel[ch] as number) + (pg[ch * co + o] as number) * (pw[ch * co + o] as number);
      const kRow = grad[block.kernelRow] as number[];
      KERNELS.forEach((size, idx) => {
        const o = inset(size);
        let s = 0;
        for (let i = o; i < o + size; i++) for (let j = o; j < o + size; j++) s += dTap[i * k + j] as number;
        kRow[idx] = (kRow[idx] as number) + s;
      });
      const eRow = grad[block.expandRow] as number[];
      EXPANDS.forEach((e, idx) => {
        const keep = Math.round((c * e) / (EXPANDS[EXPANDS.length - 1] as number));
        let s = 0;
        for (let ch = 0; ch < keep; ch++) s += dChannel[ch] as number;
        eRow[idx] = (eRow[idx] as number) + s;
      });
      if (block.depth) {
        let dGate = 0;
        for (const name of [block.gamma, block.beta]) {
          const wv = this.master.get(name)?.values as Float32Array;
          const gv = (this.live.get(name) as { grad: Float32Array }).grad;
          for (let i = 0; i < wv.length; i++) dGate += (gv[i] as number) * (wv[i] as number);
        }
        const dRow = grad[block.depth.row] as number[];
        for (let d = block.depth.from; d < dRow.length; d++) dRow[d] = (dRow[d] as number) + dGate;
      }
    }
    return { loss, grad };
  }

  /** The trained weights W (not the mixed ones) with the model's other stored weights, in the shared layout. */
  weights(): WeightTensor[] {
    return this.model.getWeights().map((w) => {
      const m = this.master.get(w.name);
      return m ? { ...w, values: m.values.slice() } : w;
    });
  }

  dispose(): void {
    this.model.dispose();
    this.master.clear();
    this.live.clear();
  }
}
