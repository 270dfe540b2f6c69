/**
 * The int8 model: what tinyevo quantizes to, interprets, writes as `.tflite`, reads back and generates C from.
 * It mirrors one TFLite subgraph so that every exporter is a plain translation:
 * - tensors are indexed; activations have shape [1, H, W, C] (or [1, N]) and per-tensor asymmetric int8
 *   quantisation; constants carry their data in TFLite's layouts:
 *   conv2d filter [out, kh, kw, in / groups] (OHWI), depthwise filter [1, kh, kw, channels * multiplier],
 *   fully-connected weights [units, inUnits]; weights are symmetric int8 (zero point 0), per output channel along
 *   `axis` for conv and depthwise (axis 0 and 3) and per tensor (or per channel, axis 0) for fully connected;
 *   biases are int32 with scale inputScale * weightScale[c] and zero point 0.
 * - ops reference tensors by index, in execution order; -1 marks an absent optional input (a conv without bias).
 * Semantics are TFLite's int8 reference kernels (see `interpreter/`).
 */
export type QuantDType = 'int8' | 'int32' | 'float32';

/** Affine quantisation: real = scale * (q - zeroPoint). One entry per channel along `axis`, or one for the tensor. */
export interface QuantParams {
  readonly scale: readonly number[];
  readonly zeroPoint: readonly number[];
  /** The channel dimension of per-channel parameters (TFLite's quantized_dimension); 0 for per-tensor. */
  readonly axis: number;
}

export type ConstData = Int8Array | Int32Array | Float32Array;

export interface QTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: QuantDType;
  /** Null only for float32 tensors. */
  readonly quant: QuantParams | null;
  /** Constant data (weights, biases), row-major; null for activations. */
  readonly data: ConstData | null;
}

/** A clamp applied to an op's int8 output (TFLite's fused activation). */
export type FusedActivation = 'none' | 'relu' | 'relu6';
export type QPadding = 'same' | 'valid';

interface OpBase { readonly inputs: readonly number[]; readonly output: number }

export interface QConv2D extends OpBase {
  readonly kind: 'conv2d';
  readonly strides: readonly [number, number];
  readonly dilation: readonly [number, number];
  readonly padding: QPadding;
  readonly activation: FusedActivation;
}
export interface QDepthwiseConv2D extends OpBase {
  readonly kind: 'depthwiseConv2d';
  readonly strides: readonly [number, number];
  readonly dilation: readonly [number, number];
  readonly padding: QPadding;
  readonly depthMultiplier: number;
  readonly activation: FusedActivation;
}
export interface QFullyConnected extends OpBase { readonly kind: 'fullyConnected'; readonly activation: FusedActivation }
export interface QPool2D extends OpBase {
  readonly kind: 'maxPool2d' | 'averagePool2d';
  readonly filter: readonly [number, number];
  readonly strides: readonly [number, number];
  readonly padding: QPadding;
  readonly activation: FusedActivation;
}
export interface QAdd extends OpBase { readonly kind: 'add'; readonly activation: FusedActivation }
export interface QConcatenation extends OpBase { readonly kind: 'concatenation'; readonly axis: number; readonly activation: FusedActivation }
export interface QReshape extends OpBase { readonly kind: 'reshape'; readonly newShape: readonly number[] }
export interface QSoftmax extends OpBase { readonly kind: 'softmax'; readonly beta: number }
/** Zero padding (in real terms: the pad value is the input's zero point). `paddings[d] = [before, after]`. */
export interface QPad extends OpBase { readonly kind: 'pad'; readonly paddings: readonly (readonly [number, number])[] }
/** Elementwise ops with no options. `quantize`/`dequantize` convert between float32 and int8. */
export interface QElementwise extends OpBase { readonly kind: 'relu' | 'relu6' | 'logistic' | 'hardSwish' | 'quantize' | 'dequantize' }
/** Mean over spatial axes (TFLite's MEAN, which converters emit for global average pooling). */
export interface QMean extends OpBase { readonly kind: 'mean'; readonly axes: readonly number[]; readonly keepDims: boolean }

export type QOp = QConv2D | QDepthwiseConv2D | QFullyConnected | QPool2D | QAdd | QConcatenation | QReshape | QSoftmax | QPad | QElementwise | QMean;
export type QOpKind = QOp['kind'];

export interface QuantModel {
  readonly tensors: readonly QTensor[];
  readonly ops: readonly QOp[];
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
  /** Free text kept in the `.tflite` description field. */
  readonly description: string;
}
