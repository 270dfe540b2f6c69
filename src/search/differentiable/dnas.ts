import * as tf from '@tensorflow/tfjs-core';
import '../../engine/tfjs/setup.js';
import type { ArchGraph } from '../../arch/types.js';
import type { Split } from '../../data/dataset.js';
import { EngineError } from '../../errors.js';
import { learningRateAt } from '../../engine/schedule.js';
import { TfModel, type ForwardTransform } from '../../engine/tfjs/model.js';
import { Optimizer } from '../../engine/tfjs/optimizer.js';
import { batchOf } from '../../engine/tfjs/train.js';
import { zeroInitResiduals } from '../../estimate/oneshot/supernet.js';
import { MCUNET_LAYOUT, type McunetSpace } from '../../space/mcunet/index.js';
import { Rng } from '../../util/rng.js';
import type { WeightTensor } from '../../engine/weights.js';
import type { DeviceCostTerms } from './expected-cost.js';
import { NativeDnasMixer } from './native-dnas.js';

const L = MCUNET_LAYOUT;
const KERNELS = [3, 5, 7];
const EXPANDS = [3, 4, 6];

/** The limits DNAS keeps the expected costs under (unset: not penalised). */
export interface DnasLimits {
  readonly sramBytes?: number;
  readonly flashBytes?: number;
  readonly latencyMs?: number;
}

/** Options of a DNAS run. */
export interface DnasOptions {
  readonly epochs: number;
  /** Epochs of weight training before architecture steps start (the mixed network first learns something). */
  readonly warmupEpochs: number;
  readonly batchSize: number;
  /** Fraction of the training split each epoch uses. */
  readonly trainFraction: number;
  readonly weightLearningRate: number;
  readonly archLearningRate: number;
  /** Penalty strength: the hinge terms max(0, E[cost] / limit - 1) are weighted by a strength that ramps linearly from 0 to this over the architecture steps. */
  readonly strength: number;
  readonly limits: DnasLimits;
  readonly seed: number;
  /** Train the mixed network on the native (oneDNN) engine (`NativeDnasMixer`); the architecture step stays on TF.js. */
  readonly native?: boolean;
}

/** One logged architecture step. */
export interface DnasStep {
  readonly step: number;
  readonly loss: number;
  readonly penalty: number;
  readonly sramBytes: number;
  readonly flashBytes: number;
  readonly latencyMs: number;
}

/** The outcome: the arg-max genome, the final choice probabilities, the expected costs along the way. */
export interface DnasResult {
  readonly genome: readonly number[];
  readonly probs: readonly (readonly number[])[];
  readonly history: readonly DnasStep[];
  readonly seconds: number;
}

let dnasCounter = 0;

/** Node ids of the MCUNet decode (src/space/mcunet): block (s, b) is `s{s+1}.b{b+1}`. */
const blockId = (s: number, b: number): string => `s${s + 1}.b${b + 1}`;

/**
 * Differentiable architecture search over the MCUNet space (DARTS relaxation; MicroNets' cost terms): one network with
 * the largest choices everywhere, whose layers mix their candidates by learned probabilities p = softmax(alpha):
 * a depthwise kernel is the 7x7 weight times sum_k p_k * (centre k x k mask), so a 3x3 choice is the centre of the 7x7;
 * an expansion masks the expanded channels by sum_e p_e * [channel < C * e]; the third and fourth block of a stage
 * add their residual branch scaled by P(depth >= 3) and P(depth = 4). At one-hot probabilities the mixed network is
 * exactly the chosen sub-network. Weights train on training batches, alpha on held-out batches with cross-entropy
 * plus the expected-cost hinge penalties of `DeviceCostTerms`. `dispose()` frees it.
 */
export class Dnas {
  readonly graph: ArchGraph;
  private readonly model: TfModel;
  readonly alpha: tf.Variable;
  private probs: tf.Tensor2D | null = null;
  private readonly kernelMasks: tf.Tensor[];
  private readonly classes: number;

  constructor(readonly space: McunetSpace, readonly costs: DeviceCostTerms, seed: number) {
    this.graph = space.decode(space.largest());
    this.model = new TfModel(this.graph, seed);
    zeroInitResiduals(this.model, this.graph);
    this.classes = this.graph.nodes.find((n) => n.id === this.model.logitsNode)?.shape[0] as number;
    // tidy frees the initial-value tensor; the variable outlives it.
    this.alpha = tf.tidy(() => tf.variable(tf.zeros([space.decisions.length, 3]), true, `dnas-alpha-${++dnasCounter}`));
    const max = KERNELS[KERNELS.length - 1] as number;
    this.kernelMasks = KERNELS.map((k) => tf.tidy(() => {
      const pad = (max - k) / 2;
      return tf.pad(tf.ones([k, k, 1, 1]), [[pad, pad], [pad, pad], [0, 0], [0, 0]]);
    }));
    this.model.transform = this.mixing();
  }

  /** The mixed network's weights (those of the largest choices) in the shared layout. */
  weights(): WeightTensor[] {
    return this.model.getWeights();
  }

  /** Mixed-network logits of a batch in training mode (batch statistics), at the current probabilities; the caller disposes them. */
  forward(x: tf.Tensor): tf.Tensor {
    const stats = new Map<string, { mean: tf.Tensor; variance: tf.Tensor }>();
    try {
      return tf.tidy(() => this.logits(x, stats));
    } finally {
      for (const s of stats.values()) tf.dispose([s.mean, s.variance]);
      this.probs = null;
    }
  }

  /** Current choice probabilities, [decisions, 3] (a copy; the caller disposes it). */
  probabilities(): tf.Tensor2D {
    return tf.softmax(this.alpha) as tf.Tensor2D;
  }

  /** The arg-max choice per decision: the network DNAS selects. */
  genome(): number[] {
    return tf.tidy(() => Array.from(tf.argMax(this.alpha, 1).dataSync()));
  }

  private p(row: number): tf.Tensor {
    if (!this.probs) throw new EngineError('dnas: probabilities must be set inside a step.');
    return tf.reshape(tf.slice(this.probs, [row, 0], [1, 3]), [3]);
  }

  private mixing(): ForwardTransform {
    const block = new Map<string, { s: number; b: number }>();
    for (let s = 0; s < L.stages; s++) for (let b = 0; b < L.maxDepth; b++) block.set(blockId(s, b), { s, b });
    const of = (id: string) => block.get(id.split('.').slice(0, 2).join('.'));
    return {
      weight: (nodeId, role, w) => {
        const at = of(nodeId);
        if (!at || role !== 'kernel' || !nodeId.endsWith('.dw.dw')) return w;
        const p = this.p(L.kernelIndex(at.s, at.b));
        const mask = tf.addN(this.kernelMasks.map((m, k) => tf.mul(m, tf.reshape(tf.slice(p, [k], [1]), [])))) ;
        return tf.mul(w, mask);
      },
      output: (nodeId, y) => {
        const at = of(nodeId);
        if (!at) return y;
        if (nodeId.endsWith('.expand.relu6') || nodeId.endsWith('.dw.relu6')) {
          const c = y.shape[y.shape.length - 1] as number;
          const p = this.p(L.expandIndex(at.s, at.b));
          const mask = tf.addN(EXPANDS.map((e, i) => {
            const keep = Math.round((c * e) / (EXPANDS[EXPANDS.length - 1] as number));
            const m = tf.concat([tf.ones([keep]), tf.zeros([c - keep])]);
            return tf.mul(m, tf.reshape(tf.slice(p, [i], [1]), []));
          }));
          return tf.mul(y, mask);
        }
        if (nodeId.endsWith('.project.bn') && at.b >= (L.depths[0] as number)) {
          const pd = this.p(L.depthIndex(at.s));
          // P(depth >= b + 1): the sum of the depth choices that include this block.
          const gate = tf.sum(tf.slice(pd, [at.b + 1 - (L.depths[0] as number)], [L.maxDepth - at.b]));
          return tf.mul(y, gate);
        }
        return y;
      },
    };
  }

  /** Mixed-network logits of a batch at the current probabilities (call inside tf.tidy or a gradient function). */
  private logits(x: tf.Tensor, stats: Map<string, { mean: tf.Tensor; variance: tf.Tensor }>): tf.Tensor {
    this.probs = tf.softmax(this.alpha) as tf.Tensor2D;
    return this.model.forward(x, true, (id, mean, variance) => {
      const old = stats.get(id);
      if (old) tf.dispose([old.mean, old.variance]);
      stats.set(id, { mean, variance });
    });
  }

  /** The weighted hinge penalty of the expected costs over their limits, and the expected costs themselves. */
  private penalty(limits: DnasLimits, strength: number): { total: tf.Scalar; sram: tf.Scalar; flash: tf.Scalar; latency: tf.Scalar } {
    const probs = this.probs as tf.Tensor2D;
    const sram = this.costs.sram(probs);
    const flash = this.costs.flashBytes.expected(probs);
    const latency = this.costs.latencyMs.expected(probs);
    const hinge = (v: tf.Scalar, limit: number | undefined) => (limit === undefined ? tf.scalar(0) : tf.relu(tf.sub(tf.div(v, limit), 1)));
    const total = tf.mul(strength, tf.addN([hinge(sram, limits.sramBytes), hinge(flash, limits.flashBytes), hinge(latency, limits.latencyMs)])) as tf.Scalar;
    return { total, sram, flash, latency };
  }

  /**
   * Runs the search: per step, one weight step (Adam) on a training batch, then (after the warm-up) one architecture
   * step (Adam on alpha) on a held-out batch with the cost penalties. Every tensor made here is freed.
   */
  search(train: Split, heldOut: Split, o: DnasOptions, hooks: { onStep?: (step: number, total: number, h: DnasStep | null) => void; signal?: AbortSignal } = {}): DnasResult {
    const rng = new Rng(o.seed);
    const n = Math.max(o.batchSize, Math.floor(train.n * o.trainFraction));
    const stepsPerEpoch = Math.floor(n / o.batchSize);
    const total = stepsPerEpoch * o.epochs;
    const warm = stepsPerEpoch * o.warmupEpochs;
    const weightsOpt = new Optimizer({ kind: 'adam', beta1: 0.9, beta2: 0.999, epsilon: 1e-7, weightDecay: 0 });
    const archOpt = new Optimizer({ kind: 'adam', beta1: 0.5, beta2: 0.999, epsilon: 1e-7, weightDecay: 0 });
    const vars = this.model.trainableVariables();
    const history: DnasStep[] = [];
    const t0 = performance.now();
    let step = 0;
    const run = (split: Split, order: ArrayLike<number>, from: number, params: tf.Variable[], opt: Optimizer, lr: number, strength: number | null): DnasStep | null => {
      const { x, y } = batchOf(split, this.graph.inputShape, order, from, from + o.batchSize, this.classes);
      const stats = new Map<string, { mean: tf.Tensor; variance: tf.Tensor }>();
      let logged: DnasStep | null = null;
      try {
        const { value, grads } = tf.variableGrads(() => {
          const ce = tf.losses.softmaxCrossEntropy(y, this.logits(x, stats)) as tf.Scalar;
          if (strength === null) return ce;
          const pen = this.penalty(o.limits, strength);
          logged = { step, loss: ce.dataSync()[0] as number, penalty: pen.total.dataSync()[0] as number, sramBytes: pen.sram.dataSync()[0] as number, flashBytes: pen.flash.dataSync()[0] as number, latencyMs: pen.latency.dataSync()[0] as number };
          return tf.add(ce, pen.total) as tf.Scalar;
        }, params);
        opt.apply(params, grads, lr);
        value.dispose();
        tf.dispose(grads);
      } finally {
        tf.dispose([x, y]);
        for (const s of stats.values()) tf.dispose([s.mean, s.variance]);
        this.probs?.dispose();
        this.probs = null;
      }
      return logged;
    };
    // On the native engine the mixed network's cross-entropy and its gradients come from the mixer; the penalty,
    // the softmax and alpha's update stay here: d(ce)/dp enters as the constant of a linear term sum(p * dce/dp).
    const mixer = o.native ? new NativeDnasMixer(this.graph, this.model.getWeights()) : null;
    const probsNow = () => tf.tidy(() => this.probabilities().arraySync() as number[][]);
    const nativeArch = (m: NativeDnasMixer, order: ArrayLike<number>, from: number, strength: number): DnasStep => {
      const { loss, grad } = m.probabilityGradient(heldOut, order, from, from + o.batchSize, probsNow());
      let logged: DnasStep | null = null;
      try {
        const { value, grads } = tf.variableGrads(() => {
          this.probs = tf.softmax(this.alpha) as tf.Tensor2D;
          const pen = this.penalty(o.limits, strength);
          logged = { step, loss, penalty: pen.total.dataSync()[0] as number, sramBytes: pen.sram.dataSync()[0] as number, flashBytes: pen.flash.dataSync()[0] as number, latencyMs: pen.latency.dataSync()[0] as number };
          return tf.add(tf.sum(tf.mul(this.probs, tf.tensor2d(grad))), pen.total) as tf.Scalar;
        }, [this.alpha]);
        archOpt.apply([this.alpha], grads, o.archLearningRate);
        value.dispose();
        tf.dispose(grads);
      } finally {
        this.probs?.dispose();
        this.probs = null;
      }
      return logged as unknown as DnasStep;
    };
    try {
      for (let epoch = 0; epoch < o.epochs; epoch++) {
        const order = rng.permutation(train.n).slice(0, n);
        const held = rng.permutation(heldOut.n);
        for (let b = 0; b < stepsPerEpoch; b++, step++) {
          if (hooks.signal?.aborted) throw new EngineError(`dnas: search was aborted at step ${step} of ${total}.`);
          const lr = learningRateAt(o.weightLearningRate, { kind: 'cosine' }, step, total);
          if (mixer) mixer.weightStep(train, order, b * o.batchSize, (b + 1) * o.batchSize, probsNow(), lr);
          else tf.tidy(() => { run(train, order, b * o.batchSize, vars, weightsOpt, lr, null); });
          let h = null as DnasStep | null;
          if (step >= warm) {
            const ramp = total > warm ? (step - warm + 1) / (total - warm) : 1;
            const from = ((step - warm) * o.batchSize) % Math.max(1, heldOut.n - o.batchSize);
            if (mixer) tf.tidy(() => { h = nativeArch(mixer, held, from, o.strength * ramp); });
            else tf.tidy(() => { h = run(heldOut, held, from, [this.alpha], archOpt, o.archLearningRate, o.strength * ramp); });
            if (h) history.push(h);
          }
          hooks.onStep?.(step + 1, total, h);
        }
      }
      // The mixed network's trained weights back into the TF.js model, so `weights()` is the same on both engines.
      if (mixer) this.model.setWeights(mixer.weights());
    } finally {
      weightsOpt.dispose();
      archOpt.dispose();
      mixer?.dispose();
    }
    const probs = tf.tidy(() => this.probabilities().arraySync() as number[][]);
    return { genome: this.genome(), probs, history, seconds: (performance.now() - t0) / 1000 };
  }

  dispose(): void {
    this.model.dispose();
    this.alpha.dispose();
    tf.dispose(this.kernelMasks);
  }
}
