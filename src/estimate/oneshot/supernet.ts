import * as tf from '@tensorflow/tfjs-core';
import '../../engine/tfjs/setup.js';
import { inputShapesOf, residualBranchEnds } from '../../arch/graph.js';
import type { AnyNode, ArchGraph, OpKind } from '../../arch/types.js';
import type { Split } from '../../data/dataset.js';
import { EngineError, SpaceError } from '../../errors.js';
import { NativeModel } from '../../engine/native/model.js';
import { learningRateAt } from '../../engine/schedule.js';
import { applyLayer, TfModel } from '../../engine/tfjs/model.js';
import { batchOf } from '../../engine/tfjs/train.js';
import { layers } from '../../engine/tfjs/layers/index.js';
import type { LayerImpl } from '../../engine/tfjs/layers/types.js';
import { Optimizer } from '../../engine/tfjs/optimizer.js';
import { weightName, type WeightRole, type WeightSpec, type WeightTensor } from '../../engine/weights.js';
import type { SearchSpace } from '../../space/types.js';
import { Rng } from '../../util/rng.js';
import { NativeSupernetSteps } from './native-step.js';

/**
 * A space with an elastic form: every network it holds is a sub-network of its largest one, with the same node ids,
 * each weight a slice of the largest's (leading channels; the centre of a larger kernel).
 */
export interface ElasticSpace<G> extends SearchSpace<G> {
  largest(): G;
  smallest(): G;
}

/** Spaces that have an elastic form (a supernet). */
export const ELASTIC_SPACES: readonly string[] = ['mcunet'];

/** The space as an ElasticSpace, or a SpaceError naming it and the spaces that have a supernet. */
export function elasticSpace<G>(space: SearchSpace<G>): ElasticSpace<G> {
  const s = space as Partial<ElasticSpace<G>>;
  if (typeof s.largest !== 'function' || typeof s.smallest !== 'function') {
    throw new SpaceError(`one-shot: space must have an elastic form (a supernet whose sub-networks share its weights); got '${space.name}', which has none. Spaces with one: ${ELASTIC_SPACES.join(', ')}.`);
  }
  return space as ElasticSpace<G>;
}

/**
 * The slice of a supernet weight that a sub-network's weight of shape `shape` inherits: the centre of the spatial
 * dimensions of a 4-D kernel (a 3x3 kernel is the middle of the 7x7 one), the leading entries of every other
 * dimension (the first channels). Differentiable: gradients flow back into the supernet variable.
 */
export function inheritedSlice(w: tf.Tensor, shape: readonly number[]): tf.Tensor {
  if (w.shape.length === shape.length && w.shape.every((d, i) => d === shape[i])) return w;
  const begin = shape.map((d, i) => (w.rank === 4 && i < 2 ? ((w.shape[i] as number) - d) / 2 : 0));
  return tf.slice(w, begin, [...shape]);
}

/**
 * BigNAS: the last batch norm of each residual branch starts at gamma 0, so every block starts as the identity and
 * skipping a stage's last blocks (elastic depth) changes little at first.
 */
export function zeroInitResiduals(model: TfModel, graph: ArchGraph): void {
  for (const id of residualBranchEnds(graph)) {
    const gamma = model.variableOf(id, 'gamma');
    if (gamma) tf.tidy(() => gamma.assign(tf.zerosLike(gamma)));
  }
}

/** Options of supernet training. */
export interface SupernetTrainOptions {
  readonly epochs: number;
  /** Fraction of the training split each epoch uses (a seeded subset). */
  readonly trainFraction: number;
  readonly batchSize: number;
  readonly learningRate: number;
  /** Random sub-networks per step besides the largest and the smallest (the sandwich rule). */
  readonly randomPerStep: number;
  /**
   * In-place distillation (BigNAS, OFA): the smaller sub-networks learn the largest's predictions (soft labels, no
   * gradient through them) instead of the labels; the largest learns the labels.
   */
  readonly distill?: boolean;
  readonly seed: number;
  /**
   * Train on the native (oneDNN) engine: sub-networks as native models whose gradients are added into the shared
   * weights at their slices.
   */
  readonly native?: boolean;
}

/** Progress and cancellation of supernet training. */
export interface SupernetHooks {
  readonly onStep?: (step: number, totalSteps: number, loss: number) => void;
  readonly signal?: AbortSignal;
}

/** Batch statistics of a sub-network's batch norms, measured on calibration batches (BN re-calibration). */
type BnStats = Map<string, { mean: Float32Array; variance: Float32Array }>;

const batch = batchOf;

/** Adds one batch's mean and variance of batch norm `id`, weighted 1/`count`, into the averages `sums`. */
function accumulate(sums: BnStats, id: string, mean: Float32Array, variance: Float32Array, count: number): void {
  const s = sums.get(id) ?? { mean: new Float32Array(mean.length), variance: new Float32Array(variance.length) };
  for (let i = 0; i < mean.length; i++) {
    (s.mean[i] as number) += (mean[i] as number) / count;
    (s.variance[i] as number) += (variance[i] as number) / count;
  }
  sums.set(id, s);
}

/** One sandwich step on samples `order[from..to)` of `split` at learning rate `lr`; returns the mean loss. */
type SandwichStep = (subnets: readonly { key: string; graph: ArchGraph }[], split: Split, order: ArrayLike<number>, from: number, to: number, lr: number) => number;

/** The identity with no gradient: soft labels from the largest sub-network are targets, not paths to train through. */
const stopGradient = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({ value: tf.clone(args[0] as tf.Tensor), gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy) })) as (x: tf.Tensor) => tf.Tensor;

/**
 * A weight-sharing supernet over an elastic space (Cai et al., Once-for-All; MCUNet's TinyNAS): the variables of the
 * largest network, from which every sub-network takes slices. Training samples sub-networks with the sandwich rule
 * (the largest, the smallest and random ones every step, their losses summed); a sub-network is then scored with its
 * inherited weights after re-calibrating its batch-norm statistics on a few training batches. `dispose()` frees it.
 */
export class Supernet<G> {
  readonly space: ElasticSpace<G>;
  readonly graph: ArchGraph;
  private readonly model: TfModel;
  private readonly classes: number;
  private readonly graphs = new Map<string, ArchGraph>();

  constructor(space: SearchSpace<G>, readonly seed: number) {
    this.space = elasticSpace(space);
    this.graph = this.space.decode(this.space.largest());
    this.model = new TfModel(this.graph, seed);
    this.classes = this.model.graph.nodes.find((n) => n.id === this.model.logitsNode)?.shape[0] as number;
    zeroInitResiduals(this.model, this.graph);
  }

  /** The supernet's own weights in the shared layout (those of its largest sub-network; moving statistics unused). */
  weights(): WeightTensor[] {
    return this.model.getWeights();
  }

  /** Number of stored supernet weights. */
  parameterCount(): number {
    return this.model.parameterCount();
  }

  /** The sub-network of a genome (decoded once, then cached by key). */
  graphOf(genome: G): ArchGraph {
    const key = this.space.key(genome);
    let g = this.graphs.get(key);
    if (!g) {
      g = this.space.decode(genome);
      if (this.graphs.size >= 64) this.graphs.delete(this.graphs.keys().next().value as string);
      this.graphs.set(key, g);
    }
    return g;
  }

  /** The supernet slice of each weight of a node, as the sub-network's layer expects it; throws EngineError when the node is not a sub-node. */
  private weightsOf(node: AnyNode, specs: readonly WeightSpec[], stats: BnStats | null): Partial<Record<WeightRole, tf.Tensor>> {
    const w: Partial<Record<WeightRole, tf.Tensor>> = {};
    for (const spec of specs) {
      if ((spec.role === 'movingMean' || spec.role === 'movingVariance') && stats) {
        const s = stats.get(node.id);
        if (!s) throw new EngineError(`supernet: batch norm '${node.id}' has no calibrated statistics; calibrate the sub-network first.`);
        w[spec.role] = tf.tensor1d(spec.role === 'movingMean' ? s.mean : s.variance);
        continue;
      }
      const v = this.model.variableOf(node.id, spec.role);
      if (!v || v.rank !== spec.shape.length || spec.shape.some((d, i) => d > (v.shape[i] as number))) {
        throw new EngineError(`supernet: sub-network weight '${weightName(node.id, spec.role)}' of shape [${spec.shape.join(',')}] must be a slice of a supernet weight; the supernet has ${v ? `[${v.shape.join(',')}]` : 'none'}. The graph is not a sub-network of this supernet.`);
      }
      w[spec.role] = inheritedSlice(v, spec.shape);
    }
    return w;
  }

  /**
   * Runs a sub-network on a batch with the supernet's weights and returns its logits. Training mode uses batch
   * statistics (reported to `onStats`); inference needs the calibrated statistics `stats`. Call inside tf.tidy.
   */
  forward(graph: ArchGraph, x: tf.Tensor, training: boolean, stats: BnStats | null, onStats?: (id: string, mean: tf.Tensor, variance: tf.Tensor) => void): tf.Tensor {
    const values = new Map<string, tf.Tensor>();
    const ctx = { training, recordBatchStats: onStats ?? ((_: string, m: tf.Tensor, v: tf.Tensor) => { m.dispose(); v.dispose(); }) };
    const logits = this.logitsOf(graph);
    for (const node of graph.nodes) {
      const inputs = node.kind === 'input' ? [x] : node.inputs.map((id) => values.get(id) as tf.Tensor);
      const specs = (layers[node.kind] as LayerImpl<OpKind>).weights(node as never, inputShapesOf(graph, node));
      values.set(node.id, applyLayer(node, inputs, this.weightsOf(node, specs, training ? null : stats), ctx));
      if (node.id === logits) break;
    }
    return values.get(logits) as tf.Tensor;
  }

  private logitsOf(graph: ArchGraph): string {
    const out = graph.nodes.find((n) => n.id === graph.output) as AnyNode;
    return out.kind === 'activation' && out.attrs.fn === 'softmax' ? (out.inputs[0] as string) : out.id;
  }

  /**
   * Trains the shared weights: each step sums the cross-entropy of the largest, the smallest and `randomPerStep`
   * random sub-networks on one batch, then takes one Adam step (cosine learning rate). Every tensor is freed.
   */
  train(train: Split, o: SupernetTrainOptions, hooks: SupernetHooks = {}): { steps: number; seconds: number; lastLoss: number } {
    const rng = new Rng(o.seed);
    const n = Math.max(o.batchSize, Math.floor(train.n * o.trainFraction));
    const stepsPerEpoch = Math.floor(n / o.batchSize);
    const total = stepsPerEpoch * o.epochs;
    const step = o.native ? this.nativeSteps(o) : this.tfSteps(o);
    const t0 = performance.now();
    let done = 0;
    let lastLoss = NaN;
    try {
      for (let epoch = 0; epoch < o.epochs; epoch++) {
        const order = rng.permutation(train.n).slice(0, n);
        for (let b = 0; b < stepsPerEpoch; b++, done++) {
          if (hooks.signal?.aborted) throw new EngineError(`supernet: training was aborted at step ${done} of ${total}.`);
          const genomes = [this.space.largest(), this.space.smallest(), ...Array.from({ length: o.randomPerStep }, () => this.space.sample(rng))];
          const subnets = genomes.map((g) => ({ key: this.space.key(g), graph: this.graphOf(g) }));
          lastLoss = step.run(subnets, train, order, b * o.batchSize, (b + 1) * o.batchSize, learningRateAt(o.learningRate, { kind: 'cosine' }, done, total));
          hooks.onStep?.(done + 1, total, lastLoss);
        }
      }
    } finally {
      step.finish();
    }
    return { steps: done, seconds: (performance.now() - t0) / 1000, lastLoss };
  }

  /** Sandwich steps on the native engine; `finish` copies the trained shared weights into the TF.js variables. */
  private nativeSteps(o: SupernetTrainOptions): { run: SandwichStep; finish: () => void } {
    const trainable = new Set(this.model.trainableVariables().map((v) => v.name.slice(v.name.indexOf('/') + 1)));
    const all = this.model.getWeights();
    const steps = new NativeSupernetSteps(all, trainable, all.filter((w) => !trainable.has(w.name)));
    return {
      run: (subnets, split, order, from, to, lr) => steps.step(subnets, split, order, from, to, lr, o.distill ?? false),
      finish: () => {
        this.model.setWeights(steps.weights());
        steps.dispose();
      },
    };
  }

  /** Sandwich steps on TF.js: the summed losses of the sub-networks, one gradient, one Adam step. */
  private tfSteps(o: SupernetTrainOptions): { run: SandwichStep; finish: () => void } {
    const opt = new Optimizer({ kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-7, weightDecay: 0 });
    const vars = this.model.trainableVariables();
    return {
      run: (subnets, split, order, from, to, lr) => {
        const { x, y } = batch(split, this.graph.inputShape, order, from, to, this.classes);
        try {
          const { value, grads } = tf.variableGrads(() => {
            const [big, ...rest] = subnets.map((s) => s.graph) as [ArchGraph, ...ArchGraph[]];
            const top = this.forward(big, x, true, null);
            const target = o.distill ? stopGradient(tf.softmax(top)) : y;
            return tf.addN([tf.losses.softmaxCrossEntropy(y, top), ...rest.map((g) => tf.losses.softmaxCrossEntropy(target, this.forward(g, x, true, null)))]) as tf.Scalar;
          }, vars);
          opt.apply(vars, grads, lr);
          const loss = (value.dataSync()[0] as number) / subnets.length;
          value.dispose();
          tf.dispose(grads);
          return loss;
        } finally {
          tf.dispose([x, y]);
        }
      },
      finish: () => opt.dispose(),
    };
  }

  /** Batch-norm statistics of a sub-network averaged over `batches` seeded batches of `calibration` (BN re-calibration). */
  calibrate(graph: ArchGraph, calibration: Split, batches: number, batchSize: number, seed: number): BnStats {
    const order = new Rng(seed).permutation(calibration.n);
    const sums: BnStats = new Map();
    const count = Math.max(1, Math.min(batches, Math.floor(calibration.n / batchSize)));
    for (let b = 0; b < count; b++) {
      const { x, y } = batch(calibration, this.graph.inputShape, order, b * batchSize, Math.min(calibration.n, (b + 1) * batchSize), this.classes);
      tf.tidy(() => {
        this.forward(graph, x, true, null, (id, mean, variance) => {
          accumulate(sums, id, mean.dataSync() as Float32Array, variance.dataSync() as Float32Array, count);
          mean.dispose();
          variance.dispose();
        });
      });
      tf.dispose([x, y]);
    }
    return sums;
  }

  /** Accuracy of a sub-network with its inherited weights and the given calibrated statistics. */
  accuracy(graph: ArchGraph, stats: BnStats, split: Split, batchSize = 256): number {
    const order = Array.from({ length: split.n }, (_, i) => i);
    let correct = 0;
    for (let from = 0; from < split.n; from += batchSize) {
      const { x, y } = batch(split, this.graph.inputShape, order, from, Math.min(split.n, from + batchSize), this.classes);
      correct += tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(this.forward(graph, x, false, stats), -1), tf.argMax(y, -1)), 'int32')).dataSync()[0] as number);
      tf.dispose([x, y]);
    }
    return correct / split.n;
  }

  /**
   * Scores a sub-network on the native engine: its sliced weights in a NativeModel, batch norm re-calibrated on
   * `batches` seeded batches of `calibration` (the same batches and averaging as `calibrate`), then its accuracy on
   * `split`. Returns the accuracy and the weights with the calibrated statistics (those `extract` gives).
   */
  scoreNative(graph: ArchGraph, calibration: Split, batches: number, batchSize: number, seed: number, split: Split): { accuracy: number; weights: WeightTensor[] } {
    const model = new NativeModel(graph, 0, false);
    try {
      model.setWeights(this.extract(graph, null));
      const order = new Rng(seed).permutation(calibration.n);
      const count = Math.max(1, Math.min(batches, Math.floor(calibration.n / batchSize)));
      const sums: BnStats = new Map();
      for (let b = 0; b < count; b++) {
        for (const [id, st] of model.batchStatistics(calibration.x, order, b * batchSize, Math.min(calibration.n, (b + 1) * batchSize))) {
          accumulate(sums, id, st.mean, st.variance, count);
        }
      }
      model.setWeights([...sums].flatMap(([id, s]) => [
        { name: weightName(id, 'movingMean'), shape: [s.mean.length], values: s.mean },
        { name: weightName(id, 'movingVariance'), shape: [s.variance.length], values: s.variance },
      ]), true);
      let correct = 0;
      for (let from = 0; from < split.n; from += 256) correct += model.scoreBatch(split.x, split.y, from, Math.min(256, split.n - from)).correct;
      return { accuracy: correct / split.n, weights: model.getWeights() };
    } finally {
      model.dispose();
    }
  }

  /**
   * A sub-network's weights in the shared layout: sliced from the supernet, with calibrated moving statistics (or,
   * with `stats` null, the supernet's own moving statistics sliced, which are not meaningful for a sub-network).
   */
  extract(graph: ArchGraph, stats: BnStats | null): WeightTensor[] {
    const out: WeightTensor[] = [];
    for (const node of graph.nodes) {
      const specs = (layers[node.kind] as LayerImpl<OpKind>).weights(node as never, inputShapesOf(graph, node));
      if (specs.length === 0) continue;
      const w = tf.tidy(() => this.weightsOf(node, specs, stats));
      for (const spec of specs) {
        const t = w[spec.role] as tf.Tensor;
        out.push({ name: weightName(node.id, spec.role), shape: [...spec.shape], values: t.dataSync() as Float32Array });
        if (!this.isVariable(t)) t.dispose();
      }
    }
    return out;
  }

  private isVariable(t: tf.Tensor): boolean {
    return t instanceof tf.Variable;
  }

  /** Frees the supernet's variables. */
  dispose(): void {
    this.model.dispose();
  }
}
