import type { ActivationFn, AnyNode, OpKind, Shape } from '../../arch/types.js';

/**
 * What a deployed int8 op costs like, for the cycle and code-size models: a k x k convolution, a 1 x 1 convolution,
 * a depthwise convolution, a fully connected layer, a pooling op (max, average, global average), an elementwise op
 * (add, a standalone activation or batch norm), softmax, a reshape (flatten), or a channel concatenation.
 */
export type OpClass = 'conv' | 'pointwise' | 'depthwise' | 'dense' | 'pool' | 'elementwise' | 'softmax' | 'reshape' | 'concat';

/** An int8 activation tensor of the deployed graph (1 byte per element). */
export interface DeployTensor {
  readonly index: number;
  /** The id of the IR node whose value this is (the last node fused into its producer), or the input node's id. */
  readonly id: string;
  readonly shape: Shape;
  readonly bytes: number;
  /** Index of the producing op; -1 for the graph input. */
  readonly producer: number;
  /** Indices of the ops that read it, ascending. */
  readonly consumers: readonly number[];
  /** True for the graph output, which must stay live to the end. */
  readonly isOutput: boolean;
}

/** One op of the int8 deployment: an IR node with the batch norm and ReLU/ReLU6 nodes folded into it. */
export interface DeployOp {
  readonly index: number;
  /** The id of the anchor node (the conv, dense, add, ... that the op is). */
  readonly id: string;
  readonly kind: OpKind;
  readonly opClass: OpClass;
  readonly node: AnyNode;
  /** Ids of every IR node this op covers: the anchor, then any folded batch norm and fused activation. */
  readonly nodeIds: readonly string[];
  readonly inputs: readonly number[];
  readonly output: number;
  readonly inputShapes: readonly Shape[];
  readonly foldedBatchNorm: boolean;
  readonly fusedActivation: ActivationFn | null;
  /** Multiply-accumulates of the anchor node (pooling: window reads; add: elements x (inputs - 1)). */
  readonly macs: number;
  readonly outputElements: number;
  /** int8 weight bytes (standalone batch norm: one int8 multiplier per channel). */
  readonly weightBytes: number;
  /** int32 bias bytes (a folded batch norm gives every output channel a bias). */
  readonly biasBytes: number;
  /** Output channels with their own quantisation parameters (per-channel conv/depthwise; 1 for dense). */
  readonly quantChannels: number;
  /** Number of constant tensors (weights, biases) the op reads. */
  readonly constTensors: number;
}

/** The int8 deployment of an ArchGraph: ops in the graph's topological order, tensors with producers and consumers. */
export interface DeployGraph {
  readonly ops: readonly DeployOp[];
  readonly tensors: readonly DeployTensor[];
  /** Index of the graph input tensor. */
  readonly input: number;
  /** Index of the graph output tensor. */
  readonly output: number;
}
