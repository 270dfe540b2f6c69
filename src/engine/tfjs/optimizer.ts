import * as tf from '@tensorflow/tfjs-core';
import { adamStepKernelName, sgdStepKernelName } from '../wasm-kernels/optimizer.js';
import { simdKernels } from '../wasm-kernels/simd/index.js';

/** Optimizer settings. Weight decay is decoupled (AdamW style for Adam; added to the gradient for SGD). */
export type OptimizerSpec =
  | { readonly kind: 'sgd'; readonly momentum: number; readonly nesterov: boolean; readonly weightDecay: number }
  | { readonly kind: 'adam'; readonly beta1: number; readonly beta2: number; readonly epsilon: number; readonly weightDecay: number };

/**
 * SGD with momentum and Adam, written here (not tf.train) so that the learning rate can change every step and the
 * update rule is the one the native engine implements too. Slots are created lazily and disposed with `dispose()`.
 */
export class Optimizer {
  private readonly slots = new Map<string, tf.Variable[]>();
  private steps = 0;

  constructor(readonly spec: OptimizerSpec) {}

  private slot(v: tf.Variable, count: number): tf.Variable[] {
    let s = this.slots.get(v.name);
    if (!s) {
      s = Array.from({ length: count }, () => tf.variable(tf.zerosLike(v), false));
      this.slots.set(v.name, s);
    }
    return s;
  }

  /** Applies one update with learning rate `lr` to each variable from its gradient (keyed by variable name). */
  apply(vars: readonly tf.Variable[], grads: tf.NamedTensorMap, lr: number): void {
    this.steps++;
    const spec = this.spec;
    if (tf.getBackend() === 'wasm' && simdKernels(tf.backend())) {
      this.applyFused(vars, grads, lr);
      return;
    }
    tf.tidy(() => {
      for (const v of vars) {
        const g = grads[v.name];
        if (!g) continue;
        if (spec.kind === 'sgd') {
          const gd = spec.weightDecay > 0 && v.shape.length > 1 ? tf.add(g, tf.mul(v, spec.weightDecay)) : g;
          if (spec.momentum === 0) {
            v.assign(tf.sub(v, tf.mul(gd, lr)));
            continue;
          }
          const [m] = this.slot(v, 1) as [tf.Variable];
          const mNew = tf.add(tf.mul(m, spec.momentum), gd);
          m.assign(mNew);
          const step = spec.nesterov ? tf.add(gd, tf.mul(mNew, spec.momentum)) : mNew;
          v.assign(tf.sub(v, tf.mul(step, lr)));
        } else {
          const [m, s] = this.slot(v, 2) as [tf.Variable, tf.Variable];
          m.assign(tf.add(tf.mul(m, spec.beta1), tf.mul(g, 1 - spec.beta1)));
          s.assign(tf.add(tf.mul(s, spec.beta2), tf.mul(tf.square(g), 1 - spec.beta2)));
          const c1 = 1 - Math.pow(spec.beta1, this.steps);
          const c2 = 1 - Math.pow(spec.beta2, this.steps);
          let upd = tf.div(tf.div(m, c1), tf.add(tf.sqrt(tf.div(s, c2)), spec.epsilon));
          if (spec.weightDecay > 0 && v.shape.length > 1) upd = tf.add(upd, tf.mul(v, spec.weightDecay));
          v.assign(tf.sub(v, tf.mul(upd, lr)));
        }
      }
    });
  }

  /** The same update as one wasm kernel per variable (see wasm-kernels/optimizer.ts). */
  private applyFused(vars: readonly tf.Variable[], grads: tf.NamedTensorMap, lr: number): void {
    const spec = this.spec;
    tf.tidy(() => {
      for (const v of vars) {
        const g = grads[v.name];
        if (!g) continue;
        const weightDecay = spec.weightDecay > 0 && v.shape.length > 1 ? spec.weightDecay : 0;
        if (spec.kind === 'sgd') {
          if (spec.momentum === 0) {
            const gd = weightDecay > 0 ? tf.add(g, tf.mul(v, weightDecay)) : g;
            v.assign(tf.sub(v, tf.mul(gd, lr)));
            continue;
          }
          const [m] = this.slot(v, 1) as [tf.Variable];
          const attrs = { lr, momentum: spec.momentum, nesterov: spec.nesterov, weightDecay };
          const [vNew, mNew] = tf.engine().runKernel(sgdStepKernelName, { v, g, m }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[] as [tf.Tensor, tf.Tensor];
          m.assign(mNew);
          v.assign(vNew);
        } else {
          const [m, s] = this.slot(v, 2) as [tf.Variable, tf.Variable];
          const attrs = { lr, beta1: spec.beta1, beta2: spec.beta2, c1: 1 - Math.pow(spec.beta1, this.steps), c2: 1 - Math.pow(spec.beta2, this.steps), epsilon: spec.epsilon, weightDecay };
          const [vNew, mNew, sNew] = tf.engine().runKernel(adamStepKernelName, { v, g, m, s }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[] as [tf.Tensor, tf.Tensor, tf.Tensor];
          m.assign(mNew);
          s.assign(sNew);
          v.assign(vNew);
        }
      }
    });
  }

  /** Frees the optimizer's slot variables. */
  dispose(): void {
    for (const s of this.slots.values()) s.forEach((v) => v.dispose());
    this.slots.clear();
  }
}
