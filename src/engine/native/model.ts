import { inputShapesOf, outputNode } from '../../arch/graph.js';
import type { AnyNode, ArchGraph, Padding, Shape } from '../../arch/types.js';
import { EngineError } from '../../errors.js';
import { Rng } from '../../util/rng.js';
import { initialValues } from '../tfjs/init.js';
import { layers } from '../tfjs/layers/index.js';
import { assignWeights, weightName, type WeightRole, type WeightSpec, type WeightTensor } from '../weights.js';
import { ENABLE_NATIVE, loadNative, type NativeAddon } from './addon.js';

const size = (s: Shape) => s.reduce((p, d) => p * d, 1);

/** Padding before and after along one axis, by TensorFlow's rule for 'same' (the extra cell goes after). */
function pads(padding: Padding, inLen: number, outLen: number, stride: number, window: number, dilation = 1): [number, number] {
  if (padding === 'valid') return [0, 0];
  const total = Math.max(0, (outLen - 1) * stride + (window - 1) * dilation + 1 - inLen);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

const ACTIVATIONS = { relu: 0, relu6: 1, hardSwish: 2, sigmoid: 3 } as const;

/**
 * Why the native engine cannot train `graph`, or null when it can. It runs every op of the IR except a softmax
 * before the last node (the loss owns the final softmax).
 */
export function nativeUnsupported(graph: ArchGraph): string | null {
  const out = outputNode(graph);
  for (const node of graph.nodes) {
    if (node.kind === 'activation' && node.attrs.fn === 'softmax' && node.id !== out.id) {
      return `activation '${node.id}' (softmax inside the network): the native engine applies softmax only as the last op`;
    }
  }
  return null;
}

interface Slot { readonly spec: WeightSpec; readonly values: Float32Array; grad: Float32Array | null }

/** One compiled node: its forward and backward closures over buffers sized for one batch size. */
interface Step { readonly id: string; forward(): void; backward(): void }

/** Buffers and closures of the graph for one batch size, in training or inference mode. */
interface Plan {
  readonly batch: number;
  readonly training: boolean;
  readonly input: Float32Array;
  readonly labels: Int32Array;
  readonly values: Map<string, Float32Array>;
  readonly grads: Map<string, Float32Array>;
  readonly steps: Step[];
  /** Batch statistics of each batch-norm node from the last training forward pass. */
  readonly batchStats: Map<string, { mean: Float32Array; variance: Float32Array }>;
  /** Gradients of node outputs written so far in the current backward pass. */
  readonly written: Set<string>;
}

/**
 * Softmax cross-entropy against soft targets (rows of probabilities, e.g. a teacher's predictions): returns the summed
 * loss -sum t log softmax(z) and the count whose arg-max matches `labels`, and writes d mean-loss / d logits,
 * (softmax(z) - t) / n, as the addon's hard-label kernel does.
 */
function softTargetCrossEntropy(n: number, k: number, logits: Float32Array, targets: Float32Array, labels: Int32Array, dl: Float32Array): [number, number] {
  let total = 0;
  let correct = 0;
  for (let r = 0; r < n; r++) {
    const { arg, shift } = logSoftmaxShift(logits, r * k, k);
    for (let j = 0; j < k; j++) {
      const logP = (logits[r * k + j] as number) - shift;
      const t = targets[r * k + j] as number;
      total -= t * logP;
      dl[r * k + j] = (Math.exp(logP) - t) / n;
    }
    if (arg === labels[r]) correct++;
  }
  return [total, correct];
}

/** Row `logits[at..at+k)`: its arg-max, and the shift (max + log-sum-exp) whose subtraction gives log-softmax. */
function logSoftmaxShift(logits: Float32Array, at: number, k: number): { arg: number; shift: number } {
  let mx = -Infinity;
  let arg = 0;
  for (let j = 0; j < k; j++) {
    const z = logits[at + j] as number;
    if (z > mx) { mx = z; arg = j; }
  }
  let sum = 0;
  for (let j = 0; j < k; j++) sum += Math.exp((logits[at + j] as number) - mx);
  return { arg, shift: mx + Math.log(sum) };
}

/**
 * A model built from an ArchGraph on the native (oneDNN) engine: weights as Float32Arrays in the shared layout of
 * `../weights.ts`, initialised from the seed exactly as `TfModel` does (same values), and plans of activation and
 * gradient buffers per batch size, reused across steps so memory stays flat. The graph's softmax is fused into the
 * loss. Throws EngineError when the addon is not built or the graph has an op the engine lacks.
 */
export class NativeModel {
  private readonly slots = new Map<string, Map<WeightRole, Slot>>();
  private readonly plans = new Map<string, Plan>();
  private readonly native: NativeAddon;
  /** The node whose output is trained with cross-entropy: the graph output, or the input of a final softmax. */
  readonly logitsNode: string;
  readonly classes: number;

  /** `initialise` false leaves the weights at zero, for a caller that sets them all (a supernet's slices). */
  constructor(readonly graph: ArchGraph, seed: number, initialise = true) {
    const { addon, reason } = loadNative();
    if (!addon) throw new EngineError(`engine 'native': ${reason}. To enable it, ${ENABLE_NATIVE}; or use engine 'wasm'.`);
    this.native = addon;
    const unsupported = nativeUnsupported(graph);
    if (unsupported) throw new EngineError(`engine 'native' cannot run ${unsupported}. Use engine 'wasm' for this graph.`);
    const rng = new Rng(seed);
    for (const node of graph.nodes) {
      const specs = (layers[node.kind].weights as (n: AnyNode, s: readonly Shape[]) => WeightSpec[])(node, inputShapesOf(graph, node));
      if (specs.length === 0) continue;
      const m = new Map<WeightRole, Slot>();
      for (const spec of specs) m.set(spec.role, { spec, values: initialise ? initialValues(spec, rng) : new Float32Array(size(spec.shape)), grad: null });
      this.slots.set(node.id, m);
    }
    const out = outputNode(graph);
    this.logitsNode = out.kind === 'activation' && out.attrs.fn === 'softmax' ? (out.inputs[0] as string) : out.id;
    this.classes = size((graph.nodes.find((n) => n.id === this.logitsNode) as AnyNode).shape);
  }

  /** Number of stored weights (trainable and moving statistics). */
  parameterCount(): number {
    return [...this.slots.values()].flatMap((m) => [...m.values()]).reduce((s, w) => s + w.values.length, 0);
  }

  /**
   * The trainable weights, live (writing `values` changes the model), with their gradient buffers (allocated on
   * first use), in graph order.
   */
  trainable(): { name: string; shape: readonly number[]; values: Float32Array; grad: Float32Array; decays: boolean }[] {
    const out = [];
    for (const [id, m] of this.slots) {
      for (const [role, s] of m) {
        if (!s.spec.trainable) continue;
        s.grad ??= new Float32Array(s.values.length);
        out.push({ name: weightName(id, role), shape: s.spec.shape, values: s.values, grad: s.grad, decays: s.spec.shape.length > 1 });
      }
    }
    return out;
  }

  private weight(id: string, role: WeightRole): Float32Array | null {
    return this.slots.get(id)?.get(role)?.values ?? null;
  }

  private gradOf(id: string, role: WeightRole): Float32Array | null {
    const s = this.slots.get(id)?.get(role);
    if (!s || !s.spec.trainable) return null;
    s.grad ??= new Float32Array(s.values.length);
    return s.grad;
  }

  /** The plan for `batch` samples; plans are kept (at most four per mode) and reused. */
  private plan(batch: number, training: boolean): Plan {
    const key = `${training ? 't' : 'i'}${batch}`;
    let p = this.plans.get(key);
    if (p) return p;
    const same = [...this.plans.keys()].filter((k) => k[0] === key[0]);
    if (same.length >= 4) this.plans.delete(same[0] as string);
    p = this.compile(batch, training);
    this.plans.set(key, p);
    return p;
  }

  private compile(batch: number, training: boolean): Plan {
    const nodes = this.graph.nodes;
    const stop = training ? this.logitsNode : this.graph.output;
    const last = nodes.findIndex((n) => n.id === stop);
    const plan: Plan = {
      batch, training, input: new Float32Array(batch * size(this.graph.inputShape)), labels: new Int32Array(batch),
      values: new Map(), grads: new Map(), steps: [], batchStats: new Map(), written: new Set(),
    };
    const inputId = (nodes.find((n) => n.kind === 'input') as AnyNode).id;
    const scratch = new Map<number, Float32Array>();
    const native = this.native;
    const grad = (id: string): Float32Array => {
      let g = plan.grads.get(id);
      if (!g) {
        g = new Float32Array(plan.values.get(id)?.length ?? 0);
        plan.grads.set(id, g);
      }
      return g;
    };
    // Hands the gradient with respect to `id` to `write`: straight into its buffer the first time in a backward
    // pass, through a scratch buffer and a sum after that (a node read by several others). Skips the graph input.
    const emit = (id: string, write: (dst: Float32Array) => void): void => {
      if (id === inputId) return;
      const g = grad(id);
      if (!plan.written.has(id)) {
        write(g);
        plan.written.add(id);
        return;
      }
      let s = scratch.get(g.length);
      if (!s) scratch.set(g.length, (s = new Float32Array(g.length)));
      write(s);
      native.accumulate(g.length, g, s);
    };
    const needsGrad = (id: string) => id !== inputId;
    const fusedActivations = new Map<string, string>();
    const readers = new Map<string, number>();
    for (const n of nodes.slice(0, last + 1)) for (const id of n.inputs) readers.set(id, (readers.get(id) ?? 0) + 1);
    const soleReader = (id: string) => id !== inputId && readers.get(id) === 1;

    for (let i = 0; i <= last; i++) {
      const node = nodes[i] as AnyNode;
      const shapes = node.kind === 'input' ? [] : inputShapesOf(this.graph, node);
      const xs = node.inputs.map((id) => plan.values.get(id) as Float32Array);
      const x = xs[0] as Float32Array;
      const inId = node.inputs[0] as string;
      const inShape = shapes[0] as Shape;
      const out = (): Float32Array => {
        const y = new Float32Array(batch * size(node.shape));
        plan.values.set(node.id, y);
        return y;
      };
      const dy = () => plan.grads.get(node.id) as Float32Array;
      type F = Float32Array;
      // A layer with a kernel and an optional bias: forward, weight gradients (when trainable), input gradient.
      const weighted = (forward: (k: F, b: F | null, y: F) => void, backwardWeights: (dy: F, dk: F, db: F | null) => void, backwardData: (dy: F, k: F, dx: F) => void): Omit<Step, 'id'> => {
        const k = this.weight(node.id, 'kernel') as F;
        const b = this.weight(node.id, 'bias');
        const dk = this.gradOf(node.id, 'kernel');
        const db = this.gradOf(node.id, 'bias');
        const y = out();
        return {
          forward: () => forward(k, b, y),
          backward: () => {
            if (dk) backwardWeights(dy(), dk, db);
            if (needsGrad(inId)) emit(inId, (d) => backwardData(dy(), k, d));
          },
        };
      };
      let step: Omit<Step, 'id'>;
      switch (node.kind) {
        case 'input':
          plan.values.set(node.id, plan.input);
          step = { forward() {}, backward() {} };
          break;
        case 'identity':
        case 'flatten': {
          plan.values.set(node.id, x);
          step = { forward() {}, backward: () => emit(inId, (d) => d.set(dy())) };
          break;
        }
        case 'zero': {
          out();
          step = { forward() {}, backward() {} };
          break;
        }
        case 'conv2d':
        case 'depthwiseConv2d': {
          const [h, w, c] = inShape as [number, number, number];
          const [oh, ow, o] = node.shape as [number, number, number];
          const a = node.attrs;
          const groups = node.kind === 'conv2d' ? node.attrs.groups : c;
          const dil = node.kind === 'conv2d' ? node.attrs.dilation : [1, 1] as const;
          const [pt, pb] = pads(a.padding, h, oh, a.strides[0], a.kernel[0], dil[0]);
          const [pl, pr] = pads(a.padding, w, ow, a.strides[1], a.kernel[1], dil[1]);
          const p = Int32Array.from([batch, h, w, c, oh, ow, o, a.kernel[0], a.kernel[1], groups, a.strides[0], a.strides[1], dil[0], dil[1], pt, pl, pb, pr]);
          step = weighted(
            (k, b, y) => native.convForward(p, training, x, k, b, y),
            (g, dk, db) => native.convBackwardWeights(p, x, g, dk, db),
            (g, k, d) => native.convBackwardData(p, g, k, d));
          break;
        }
        case 'dense': {
          const inUnits = size(inShape);
          const units = node.attrs.units;
          step = weighted(
            (k, b, y) => native.denseForward(batch, inUnits, units, training, x, k, b, y),
            (g, dk, db) => native.denseBackwardWeights(batch, inUnits, units, x, g, dk, db),
            (g, k, d) => native.denseBackwardData(batch, inUnits, units, g, k, d));
          break;
        }
        case 'batchNorm': {
          const c = node.shape[node.shape.length - 1] as number;
          const rows = (batch * size(node.shape)) / c;
          const eps = node.attrs.epsilon;
          const gamma = this.weight(node.id, 'gamma') as Float32Array;
          const beta = this.weight(node.id, 'beta') as Float32Array;
          const mm = this.weight(node.id, 'movingMean') as Float32Array;
          const mv = this.weight(node.id, 'movingVariance') as Float32Array;
          const dgamma = this.gradOf(node.id, 'gamma') as Float32Array;
          const dbeta = this.gradOf(node.id, 'beta') as Float32Array;
          const stats = { mean: new Float32Array(c), variance: new Float32Array(c) };
          if (training) plan.batchStats.set(node.id, stats);
          // The activation that alone reads this batch norm runs inside it (one pass over the tensor, not two).
          const readers = nodes.slice(i + 1, last + 1).filter((n) => n.inputs.includes(node.id));
          const next = readers.length === 1 && node.id !== stop ? readers[0] as AnyNode : null;
          const act = next?.kind === 'activation' && next.attrs.fn !== 'softmax' && next.attrs.fn !== 'sigmoid' && next.inputs.length === 1 ? ACTIVATIONS[next.attrs.fn] : -1;
          if (next && act >= 0) fusedActivations.set(next.id, node.id);
          const y = out();
          step = training
            ? {
              forward: () => native.bnActForwardTraining(rows, c, eps, act, x, gamma, beta, y, stats.mean, stats.variance),
              backward: () => {
                const d = needsGrad(inId) ? grad(inId) : null;
                if (d && plan.written.has(inId)) {
                  emit(inId, (t) => native.bnActBackward(rows, c, eps, act, x, dy(), gamma, beta, stats.mean, stats.variance, t, dgamma, dbeta));
                } else {
                  native.bnActBackward(rows, c, eps, act, x, dy(), gamma, beta, stats.mean, stats.variance, d, dgamma, dbeta);
                  if (d) plan.written.add(inId);
                }
              },
            }
            : { forward: () => native.bnActForwardInference(rows, c, eps, act, x, gamma, beta, mm, mv, y), backward() {} };
          break;
        }
        case 'activation': {
          const fn = node.attrs.fn;
          const bn = fusedActivations.get(node.id);
          if (bn !== undefined) {
            // Computed by the batch norm before it, which also takes this node's gradient as its own.
            plan.values.set(node.id, x);
            step = {
              forward() {},
              backward: () => {
                plan.grads.set(bn, dy());
                plan.written.add(bn);
              },
            };
            break;
          }
          const y = out();
          const n = y.length;
          if (fn === 'softmax') {
            // Only the last node (inference): softmax over the last axis.
            const k = node.shape[node.shape.length - 1] as number;
            step = { forward: () => softmaxRows(x, y, k), backward() {} };
            break;
          }
          const kind = ACTIVATIONS[fn];
          step = {
            forward: () => native.activationForward(kind, n, training, x, y),
            backward: () => emit(inId, (d) => native.activationBackward(kind, n, x, dy(), d)),
          };
          break;
        }
        case 'maxPool':
        case 'avgPool':
        case 'globalAvgPool': {
          const [h, w, c] = inShape as [number, number, number];
          let pool: Int32Array;
          if (node.kind === 'globalAvgPool') {
            pool = Int32Array.from([batch, h, w, c, 1, 1, h, w, 1, 1, 0, 0, 0, 0, 0]);
          } else {
            const a = node.attrs;
            const [oh, ow] = node.shape as [number, number, number];
            const [pt, pb] = pads(a.padding, h, oh, a.strides[0], a.pool[0]);
            const [pl, pr] = pads(a.padding, w, ow, a.strides[1], a.pool[1]);
            pool = Int32Array.from([batch, h, w, c, oh, ow, a.pool[0], a.pool[1], a.strides[0], a.strides[1], pt, pl, pb, pr, node.kind === 'maxPool' ? 1 : 0]);
          }
          const wsBytes = training ? native.poolWorkspaceBytes(pool) : 0;
          const ws = wsBytes > 0 ? new Uint8Array(wsBytes) : null;
          const y = out();
          step = {
            forward: () => native.poolForward(pool, training, x, y, ws),
            backward: () => emit(inId, (d) => native.poolBackward(pool, dy(), ws, d)),
          };
          break;
        }
        case 'add': {
          const y = out();
          const n = y.length;
          step = {
            forward: () => {
              native.add(n, xs[0] as Float32Array, xs[1] as Float32Array, y);
              for (let j = 2; j < xs.length; j++) native.accumulate(n, y, xs[j] as Float32Array);
            },
            backward: () => {
              for (const id of node.inputs) {
                // An input read only by this add has exactly this gradient: share the buffer instead of copying.
                if (soleReader(id) && !plan.written.has(id)) {
                  plan.grads.set(id, dy());
                  plan.written.add(id);
                } else {
                  emit(id, (d) => d.set(dy()));
                }
              }
            },
          };
          break;
        }
        case 'concat': {
          const channels = Int32Array.from(shapes.map((s) => s[s.length - 1] as number));
          const rows = (batch * size(node.shape)) / (node.shape[node.shape.length - 1] as number);
          const y = out();
          step = {
            forward: () => native.concatChannels(rows, channels, xs, y),
            backward: () => {
              node.inputs.forEach((id, j) => emit(id, (d) => native.splitChannels(rows, channels, dy(), node.inputs.map((_, q) => (q === j ? d : null)))));
            },
          };
          break;
        }
        case 'zeroPad': {
          const [h, w, c] = inShape as [number, number, number];
          const a = node.attrs;
          const p = Int32Array.from([batch, h, w, c, a.top, a.bottom, a.left, a.right]);
          const y = out();
          step = {
            forward: () => native.padForward(p, x, y),
            backward: () => emit(inId, (d) => native.padBackward(p, dy(), d)),
          };
          break;
        }
      }
      plan.steps.push({ id: node.id, ...step });
    }
    return plan;
  }

  private load(plan: Plan, x: ArrayLike<number>, xOffset: number, labels?: ArrayLike<number>): void {
    const n = plan.input.length;
    if (x instanceof Float32Array) plan.input.set(x.subarray(xOffset, xOffset + n));
    else for (let i = 0; i < n; i++) plan.input[i] = x[xOffset + i] as number;
    if (labels) for (let i = 0; i < plan.batch; i++) plan.labels[i] = labels[i] as number;
  }

  /** Copies samples `order[from..from + batch)` of `x` into the plan's input. */
  private gather(plan: Plan, x: Float32Array, order: ArrayLike<number>, from: number): void {
    const per = size(this.graph.inputShape);
    for (let i = 0; i < plan.batch; i++) {
      const j = order[from + i] as number;
      plan.input.set(x.subarray(j * per, (j + 1) * per), i * per);
    }
  }

  private forwardPlan(plan: Plan): void {
    for (const s of plan.steps) {
      try {
        s.forward();
      } catch (e) {
        throw new EngineError(`native engine: forward pass of node '${s.id}' failed: ${(e as Error).message}`);
      }
    }
  }

  /**
   * Forward and backward pass on one batch: fills every trainable weight's gradient (of the mean cross-entropy) and
   * returns the summed loss and correct count. Batch statistics of the pass are left in the plan.
   */
  private backwardPass(plan: Plan, targets?: Float32Array): { loss: number; correct: number } {
    this.forwardPlan(plan);
    plan.written.clear();
    const logits = plan.values.get(this.logitsNode) as Float32Array;
    let dl = plan.grads.get(this.logitsNode);
    if (!dl) plan.grads.set(this.logitsNode, (dl = new Float32Array(logits.length)));
    const [loss, correct] = targets ? softTargetCrossEntropy(plan.batch, this.classes, logits, targets, plan.labels, dl) : this.native.softmaxCrossEntropy(plan.batch, this.classes, logits, plan.labels, dl);
    plan.written.add(this.logitsNode);
    for (let i = plan.steps.length - 1; i >= 0; i--) {
      const s = plan.steps[i] as Step;
      if (!plan.written.has(s.id)) {
        // No gradient reaches this node (e.g. it only feeds a zero op): its weights get zero gradients.
        for (const slot of this.slots.get(s.id)?.values() ?? []) slot.grad?.fill(0);
        continue;
      }
      try {
        s.backward();
      } catch (e) {
        throw new EngineError(`native engine: backward pass of node '${s.id}' failed: ${(e as Error).message}`);
      }
    }
    return { loss, correct };
  }

  /**
   * Gradients of the mean softmax cross-entropy of a batch (`x` holds `labels.length` samples) with respect to every
   * trainable weight, in training mode (batch statistics), without updating anything. For checks against TF.js.
   */
  gradients(x: Float32Array, labels: ArrayLike<number>): { loss: number; grads: Map<string, Float32Array> } {
    const plan = this.plan(labels.length, true);
    this.load(plan, x, 0, labels);
    const { loss } = this.backwardPass(plan);
    return { loss: loss / labels.length, grads: new Map(this.trainable().map((t) => [t.name, t.grad.slice()])) };
  }

  /**
   * One training step's forward and backward pass on samples `order[from..to)` of (x, y): leaves the gradients in
   * the weights' gradient buffers and returns the mean loss. The caller applies the optimizer, then `updateMovingStats`.
   */
  computeGradients(x: Float32Array, y: ArrayLike<number>, order: ArrayLike<number>, from: number, to: number, targets?: Float32Array): number {
    const plan = this.plan(to - from, true);
    if (targets && targets.length !== plan.batch * this.classes) {
      throw new EngineError(`native engine: soft targets must hold batch x classes = ${plan.batch} x ${this.classes} = ${plan.batch * this.classes} probabilities; got ${targets.length}.`);
    }
    this.gather(plan, x, order, from);
    for (let i = 0; i < plan.batch; i++) plan.labels[i] = y[order[from + i] as number] as number;
    return this.backwardPass(plan, targets).loss / plan.batch;
  }

  /** The class probabilities (softmax of the logits) of the last training pass on a batch of `batch` samples. */
  lastProbabilities(batch: number): Float32Array {
    const logits = this.plans.get(`t${batch}`)?.values.get(this.logitsNode);
    if (!logits) throw new EngineError(`native engine: no training pass on a batch of ${batch} has run yet, so there are no probabilities to read.`);
    const k = this.classes;
    const out = new Float32Array(logits.length);
    for (let r = 0; r < batch; r++) {
      const { shift } = logSoftmaxShift(logits, r * k, k);
      for (let j = 0; j < k; j++) out[r * k + j] = Math.exp((logits[r * k + j] as number) - shift);
    }
    return out;
  }

  /**
   * Batch-norm statistics of samples `order[from..to)` of `x`: a training-mode forward pass only (no gradients, no
   * moving averages touched), each batch norm's batch mean and variance copied out. For batch-norm re-calibration.
   */
  batchStatistics(x: Float32Array, order: ArrayLike<number>, from: number, to: number): Map<string, { mean: Float32Array; variance: Float32Array }> {
    const plan = this.plan(to - from, true);
    this.gather(plan, x, order, from);
    this.forwardPlan(plan);
    return new Map([...plan.batchStats].map(([id, st]) => [id, { mean: st.mean.slice(), variance: st.variance.slice() }]));
  }

  /** Folds the last training pass's batch statistics into the moving averages (m = m*momentum + batch*(1-momentum)). */
  updateMovingStats(batch: number): void {
    const plan = this.plans.get(`t${batch}`);
    if (!plan) return;
    for (const [id, s] of plan.batchStats) {
      const node = this.graph.nodes.find((n) => n.id === id);
      if (!node || node.kind !== 'batchNorm') continue;
      const mom = node.attrs.momentum;
      const mm = this.weight(id, 'movingMean') as Float32Array;
      const mv = this.weight(id, 'movingVariance') as Float32Array;
      for (let c = 0; c < mm.length; c++) {
        mm[c] = (mm[c] as number) * mom + (s.mean[c] as number) * (1 - mom);
        mv[c] = (mv[c] as number) * mom + (s.variance[c] as number) * (1 - mom);
      }
    }
  }

  /**
   * Inference on `n` samples of `x` starting at sample `from`: returns the logits (`untilLogits`, the default) or the
   * graph output, a fresh [n, ...] array.
   */
  predict(x: Float32Array, n: number, from = 0, untilLogits = true): Float32Array {
    const plan = this.plan(n, false);
    this.load(plan, x, from * size(this.graph.inputShape));
    this.forwardPlan(plan);
    return (plan.values.get(untilLogits ? this.logitsNode : this.graph.output) as Float32Array).slice();
  }

  /** Summed cross-entropy and correct count of `n` samples from `from` at inference (moving statistics). */
  scoreBatch(x: Float32Array, labels: ArrayLike<number>, from: number, n: number): { loss: number; correct: number } {
    const plan = this.plan(n, false);
    this.load(plan, x, from * size(this.graph.inputShape));
    for (let i = 0; i < n; i++) plan.labels[i] = labels[from + i] as number;
    this.forwardPlan(plan);
    const [loss, correct] = this.native.softmaxCrossEntropy(n, this.classes, plan.values.get(this.logitsNode) as Float32Array, plan.labels, null);
    return { loss, correct };
  }

  /** A copy of every weight in the shared layout, in graph order. */
  getWeights(): WeightTensor[] {
    const out: WeightTensor[] = [];
    for (const [id, m] of this.slots) for (const [role, s] of m) out.push({ name: weightName(id, role), shape: [...s.spec.shape], values: s.values.slice() });
    return out;
  }

  /**
   * Sets weights by name. With `partial`, names the model lacks and weights whose shape differs are skipped
   * (weight inheritance); otherwise any mismatch throws EngineError. Returns the names set.
   */
  setWeights(weights: readonly WeightTensor[], partial = false): string[] {
    return assignWeights(this.slots, weights, partial, (slot, w) => slot.values.set(w.values));
  }


  /** Drops the plans and weights (their memory goes with the next garbage collection). */
  dispose(): void {
    this.plans.clear();
    this.slots.clear();
  }
}

/** Row-wise softmax over the last axis of length k. */
function softmaxRows(x: Float32Array, y: Float32Array, k: number): void {
  for (let r = 0; r < x.length; r += k) {
    let mx = -Infinity;
    for (let j = 0; j < k; j++) mx = Math.max(mx, x[r + j] as number);
    let s = 0;
    for (let j = 0; j < k; j++) s += y[r + j] = Math.exp((x[r + j] as number) - mx);
    for (let j = 0; j < k; j++) y[r + j] = (y[r + j] as number) / s;
  }
}
