import * as tf from '@tensorflow/tfjs-core';
import './setup.js';
import { inputShapesOf, outputNode } from '../../arch/graph.js';
import type { AnyNode, ArchGraph, Node, OpKind } from '../../arch/types.js';
import { EngineError } from '../../errors.js';
import { Rng } from '../../util/rng.js';
import { assignWeights, weightName, type WeightRole, type WeightSpec, type WeightTensor } from '../weights.js';
import { initialValues } from './init.js';
import { layers } from './layers/index.js';
import type { ApplyContext, LayerImpl } from './layers/types.js';

let modelCounter = 0;

/**
 * Rewrites applied inside the forward pass: to each weight as a layer reads it and to each node's output. Used by
 * quantization-aware training (fake quantization); must be differentiable (or define a straight-through gradient).
 */
export interface ForwardTransform {
  weight(nodeId: string, role: WeightRole, w: tf.Tensor): tf.Tensor;
  output(nodeId: string, y: tf.Tensor): tf.Tensor;
}

interface Slot { readonly spec: WeightSpec; readonly variable: tf.Variable }

/** Runs one node's layer on its inputs with the given weights; a TF.js failure becomes an EngineError naming the node. */
export function applyLayer(node: AnyNode, inputs: readonly tf.Tensor[], w: Readonly<Partial<Record<WeightRole, tf.Tensor>>>, ctx: ApplyContext): tf.Tensor {
  const impl = layers[node.kind] as LayerImpl<OpKind>;
  try {
    return impl.apply(node as Node<OpKind>, inputs, w, ctx);
  } catch (e) {
    if (e instanceof EngineError) throw e;
    throw new EngineError(`${node.kind} '${node.id}': TF.js failed on inputs ${inputs.map((t) => `[${t.shape.join(',')}]`).join(', ')}: ${(e as Error).message}`);
  }
}

/**
 * A TF.js model built from an ArchGraph: one variable per weight (layout in `../weights.ts`), a forward pass that
 * walks the graph, and batch-norm moving statistics updated after each training step. Call `dispose()` when done.
 */
export class TfModel {
  private readonly slots = new Map<string, Map<WeightRole, Slot>>();
  private readonly prefix = `m${++modelCounter}`;
  /** The node whose output is trained with cross-entropy: the graph output, or the input of a final softmax. */
  readonly logitsNode: string;
  /** Optional rewrite of weights and node outputs in every forward pass (null: plain float model). */
  transform: ForwardTransform | null = null;

  constructor(readonly graph: ArchGraph, seed: number) {
    const rng = new Rng(seed);
    for (const node of graph.nodes) {
      const impl = layers[node.kind] as LayerImpl<OpKind>;
      const specs = impl.weights(node, inputShapesOf(graph, node));
      if (specs.length === 0) continue;
      const m = new Map<WeightRole, Slot>();
      for (const spec of specs) {
        const values = initialValues(spec, rng);
        // tidy frees the initial-value tensor; the variable itself outlives it (scopes never dispose variables).
        const variable = tf.tidy(() => tf.variable(tf.tensor(values, [...spec.shape]), spec.trainable, `${this.prefix}/${weightName(node.id, spec.role)}`));
        m.set(spec.role, { spec, variable });
      }
      this.slots.set(node.id, m);
    }
    const out = outputNode(graph);
    this.logitsNode = out.kind === 'activation' && out.attrs.fn === 'softmax' ? (out.inputs[0] as string) : out.id;
  }

  /** Variables the optimizer updates. */
  trainableVariables(): tf.Variable[] {
    return [...this.slots.values()].flatMap((m) => [...m.values()].filter((s) => s.spec.trainable).map((s) => s.variable));
  }

  /** Number of stored weights (trainable and moving statistics). */
  parameterCount(): number {
    return [...this.slots.values()].flatMap((m) => [...m.values()]).reduce((s, w) => s + w.variable.size, 0);
  }

  /** Checks a batch's shape against the graph input; throws EngineError naming both. */
  checkInput(x: tf.Tensor): void {
    const want = this.graph.inputShape;
    if (x.rank !== want.length + 1 || want.some((d, i) => x.shape[i + 1] !== d)) {
      throw new EngineError(`model input: batch shape must be [N, ${want.join(', ')}]; got [${x.shape.join(', ')}]. Resize or reshape the data to the graph's input shape.`);
    }
  }

  /**
   * Runs the graph on a batch and returns the logits (`untilLogits`, the default while training) or the graph output.
   * In training mode batch statistics go to `onBatchStats`. Call inside tf.tidy or dispose what it makes.
   */
  forward(x: tf.Tensor, training: boolean, onBatchStats: (id: string, mean: tf.Tensor, variance: tf.Tensor) => void = (_, m, v) => { m.dispose(); v.dispose(); }, untilLogits = training): tf.Tensor {
    this.checkInput(x);
    const values = new Map<string, tf.Tensor>();
    const stopAt = untilLogits ? this.logitsNode : this.graph.output;
    const ctx = { training, recordBatchStats: onBatchStats };
    for (const node of this.graph.nodes) {
      const inputs = node.kind === 'input' ? [x] : node.inputs.map((id) => values.get(id) as tf.Tensor);
      values.set(node.id, this.applyNode(node, inputs, ctx));
      if (node.id === stopAt) break;
    }
    return values.get(stopAt) as tf.Tensor;
  }

  /**
   * Inference on a batch that returns the outputs of the named nodes (for calibration and debugging). The caller
   * disposes the returned tensors; every other intermediate is freed here.
   */
  activations(x: tf.Tensor, ids: ReadonlySet<string>): Map<string, tf.Tensor> {
    this.checkInput(x);
    const kept = new Map<string, tf.Tensor>();
    tf.tidy(() => {
      const values = new Map<string, tf.Tensor>();
      const ctx = { training: false, recordBatchStats: (_: string, m: tf.Tensor, v: tf.Tensor) => { m.dispose(); v.dispose(); } };
      for (const node of this.graph.nodes) {
        const inputs = node.kind === 'input' ? [x] : node.inputs.map((id) => values.get(id) as tf.Tensor);
        const y = this.applyNode(node, inputs, ctx);
        values.set(node.id, y);
        if (ids.has(node.id)) kept.set(node.id, tf.keep(y));
      }
    });
    return kept;
  }

  private applyNode(node: AnyNode, inputs: tf.Tensor[], ctx: ApplyContext): tf.Tensor {
    const w: Partial<Record<WeightRole, tf.Tensor>> = {};
    const t = this.transform;
    for (const [role, slot] of this.slots.get(node.id) ?? []) w[role] = t ? t.weight(node.id, role, slot.variable) : slot.variable;
    const y = applyLayer(node, inputs, w, ctx);
    return t ? t.output(node.id, y) : y;
  }

  /** The variable holding a node's weight, or undefined (for code that derives weights from this model's, e.g. a supernet). */
  variableOf(nodeId: string, role: WeightRole): tf.Variable | undefined {
    return this.slots.get(nodeId)?.get(role)?.variable;
  }

  /** Folds one step's batch statistics into the moving averages (Keras rule: m = m*momentum + batch*(1-momentum)). */
  updateMovingStats(stats: ReadonlyMap<string, { mean: tf.Tensor; variance: tf.Tensor }>): void {
    tf.tidy(() => {
      for (const [id, s] of stats) {
        const node = this.graph.nodes.find((n) => n.id === id);
        const slots = this.slots.get(id);
        if (!node || node.kind !== 'batchNorm' || !slots) continue;
        const mom = node.attrs.momentum;
        const mm = (slots.get('movingMean') as Slot).variable;
        const mv = (slots.get('movingVariance') as Slot).variable;
        mm.assign(tf.add(tf.mul(mm, mom), tf.mul(s.mean, 1 - mom)));
        mv.assign(tf.add(tf.mul(mv, mom), tf.mul(s.variance, 1 - mom)));
      }
    });
  }

  /** A copy of every weight in the shared layout, in graph order. */
  getWeights(): WeightTensor[] {
    const out: WeightTensor[] = [];
    for (const [id, m] of this.slots) {
      for (const [role, s] of m) out.push({ name: weightName(id, role), shape: [...s.spec.shape], values: s.variable.dataSync() as Float32Array });
    }
    return out;
  }

  /**
   * Sets weights by name. With `partial`, names the model lacks and weights whose shape differs are skipped and
   * reported (weight inheritance); otherwise any mismatch throws EngineError. Returns the names set.
   */
  setWeights(weights: readonly WeightTensor[], partial = false): string[] {
    return assignWeights(this.slots, weights, partial, (slot, w) => tf.tidy(() => slot.variable.assign(tf.tensor(w.values, [...w.shape]))));
  }


  /** Frees every variable of the model. */
  dispose(): void {
    for (const m of this.slots.values()) for (const s of m.values()) s.variable.dispose();
    this.slots.clear();
  }
}
