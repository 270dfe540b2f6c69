import type * as tf from '@tensorflow/tfjs-core';
import type { Node, OpKind, Shape } from '../../../arch/types.js';
import type { WeightRole, WeightSpec } from '../../weights.js';

/** What a layer sees while it runs: training mode, and a sink for batch statistics to fold into moving averages. */
export interface ApplyContext {
  readonly training: boolean;
  /** Called by batch norm in training mode with the batch mean and variance (kept tensors; the model disposes them). */
  readonly recordBatchStats: (nodeId: string, mean: tf.Tensor, variance: tf.Tensor) => void;
}

/** The TF.js implementation of one op kind: which weights it owns and how it computes its output. */
export interface LayerImpl<K extends OpKind> {
  readonly kind: K;
  weights(node: Node<K>, inputs: readonly Shape[]): WeightSpec[];
  apply(node: Node<K>, inputs: readonly tf.Tensor[], weights: Readonly<Partial<Record<WeightRole, tf.Tensor>>>, ctx: ApplyContext): tf.Tensor;
}
