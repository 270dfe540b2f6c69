/** Tensor shape without the batch dimension, channels last (H, W, C for images; [units] after flatten/dense). */
export type Shape = readonly number[];

/** 'same' keeps ceil(in / stride) outputs (TensorFlow rule); 'valid' uses no padding. */
export type Padding = 'same' | 'valid';

/** Activation functions; each is an elementwise op except softmax (over the last axis). */
export type ActivationFn = 'relu' | 'relu6' | 'hardSwish' | 'sigmoid' | 'softmax';

/** The attributes of each op kind. A kind's attributes are exact: no catch-all fields. */
export interface OpAttrsMap {
  input: Record<string, never>;
  conv2d: {
    readonly filters: number;
    readonly kernel: readonly [number, number];
    readonly strides: readonly [number, number];
    readonly padding: Padding;
    readonly dilation: readonly [number, number];
    readonly groups: number;
    readonly useBias: boolean;
  };
  depthwiseConv2d: {
    readonly kernel: readonly [number, number];
    readonly strides: readonly [number, number];
    readonly padding: Padding;
    readonly depthMultiplier: number;
    readonly useBias: boolean;
  };
  dense: { readonly units: number; readonly useBias: boolean };
  batchNorm: { readonly epsilon: number; readonly momentum: number };
  activation: { readonly fn: ActivationFn };
  maxPool: { readonly pool: readonly [number, number]; readonly strides: readonly [number, number]; readonly padding: Padding };
  avgPool: { readonly pool: readonly [number, number]; readonly strides: readonly [number, number]; readonly padding: Padding };
  globalAvgPool: Record<string, never>;
  add: Record<string, never>;
  concat: Record<string, never>;
  flatten: Record<string, never>;
  identity: Record<string, never>;
  zero: Record<string, never>;
  zeroPad: { readonly top: number; readonly bottom: number; readonly left: number; readonly right: number };
}

/** Every op kind of the IR. */
export type OpKind = keyof OpAttrsMap;

/** The attributes of op kind K. */
export type AttrsOf<K extends OpKind> = OpAttrsMap[K];

/** One node of an ArchGraph: an op applied to the outputs of earlier nodes. Immutable. */
export interface Node<K extends OpKind = OpKind> {
  readonly id: string;
  readonly kind: K;
  readonly inputs: readonly string[];
  readonly attrs: AttrsOf<K>;
  /** Output shape, inferred when the graph was built. */
  readonly shape: Shape;
}

/** A node of any kind, narrowed by its `kind` field. */
export type AnyNode = { [K in OpKind]: Node<K> }[OpKind];

/**
 * The architecture IR: a DAG of typed ops, topologically ordered, shapes inferred and checked. The single currency
 * between search spaces, cost models, engines and exporters. Build one with `GraphBuilder` or `graphFromJSON`.
 */
export interface ArchGraph {
  readonly inputShape: Shape;
  readonly nodes: readonly AnyNode[];
  readonly output: string;
}

/** The definition of one op kind: shape inference and cost counts. One per file under `src/arch/ops/`. */
export interface OpDef<K extends OpKind> {
  readonly kind: K;
  /** Number of inputs allowed: exact count, or a minimum for variadic ops (add, concat). */
  readonly arity: { readonly min: number; readonly max: number };
  /** Output shape; throws ShapeError (message names the node) when the inputs or attrs are inconsistent. */
  inferShape(inputs: readonly Shape[], attrs: AttrsOf<K>, where: string): Shape;
  /** Trainable and stored parameters (weights, biases, BN scale/offset and moving statistics). */
  params(attrs: AttrsOf<K>, inputs: readonly Shape[], out: Shape): number;
  /** Multiply-accumulates of one inference on one sample. */
  macs(attrs: AttrsOf<K>, inputs: readonly Shape[], out: Shape): number;
}
