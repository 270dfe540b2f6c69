// The subset of the TFLite flatbuffer schema (../shared/reference/tflite/schema.fbs, file identifier "TFL3") that
// tinyevo reads and writes: the field ids of each table (a field's vtable slot is 4 + 2 * id; a union takes two ids,
// its type then its value) and the enum values it uses. Written from the schema; names follow it.

export const FILE_IDENTIFIER = 'TFL3';
export const SCHEMA_VERSION = 3;

export const ModelField = { version: 0, operatorCodes: 1, subgraphs: 2, description: 3, buffers: 4 } as const;
export const SubGraphField = { tensors: 0, inputs: 1, outputs: 2, operators: 3, name: 4 } as const;
export const TensorField = { shape: 0, type: 1, buffer: 2, name: 3, quantization: 4 } as const;
export const QuantField = { min: 0, max: 1, scale: 2, zeroPoint: 3, detailsType: 4, details: 5, quantizedDimension: 6 } as const;
export const BufferField = { data: 0, offset: 1, size: 2 } as const;
export const OperatorCodeField = { deprecatedBuiltinCode: 0, customCode: 1, version: 2, builtinCode: 3 } as const;
export const OperatorField = { opcodeIndex: 0, inputs: 1, outputs: 2, builtinOptionsType: 3, builtinOptions: 4 } as const;

export const Conv2DField = { padding: 0, strideW: 1, strideH: 2, activation: 3, dilationW: 4, dilationH: 5 } as const;
export const DepthwiseField = { padding: 0, strideW: 1, strideH: 2, depthMultiplier: 3, activation: 4, dilationW: 5, dilationH: 6 } as const;
export const Pool2DField = { padding: 0, strideW: 1, strideH: 2, filterW: 3, filterH: 4, activation: 5 } as const;
export const FullyConnectedField = { activation: 0, weightsFormat: 1, keepNumDims: 2 } as const;
export const SoftmaxField = { beta: 0 } as const;
export const ConcatenationField = { axis: 0, activation: 1 } as const;
export const AddField = { activation: 0 } as const;
export const ReshapeField = { newShape: 0 } as const;
export const ReducerField = { keepDims: 0 } as const;

/** TensorType. */
export const TensorType = { FLOAT32: 0, INT32: 2, UINT8: 3, INT64: 4, INT16: 7, INT8: 9 } as const;
/** Padding. */
export const PaddingCode = { SAME: 0, VALID: 1 } as const;
/** ActivationFunctionType. */
export const ActivationCode = { NONE: 0, RELU: 1, RELU_N1_TO_1: 2, RELU6: 3 } as const;

/** BuiltinOperator codes of the ops tinyevo handles. */
export const BuiltinOperator = {
  ADD: 0, AVERAGE_POOL_2D: 1, CONCATENATION: 2, CONV_2D: 3, DEPTHWISE_CONV_2D: 4, DEQUANTIZE: 6, FULLY_CONNECTED: 9,
  LOGISTIC: 14, MAX_POOL_2D: 17, RELU: 19, RELU6: 21, RESHAPE: 22, SOFTMAX: 25, PAD: 34, MEAN: 40, QUANTIZE: 114, HARD_SWISH: 117,
} as const;

/** The BuiltinOptions union's type index of each options table used. */
export const BuiltinOptionsType = {
  NONE: 0, Conv2DOptions: 1, DepthwiseConv2DOptions: 2, Pool2DOptions: 5, FullyConnectedOptions: 8, SoftmaxOptions: 9,
  ConcatenationOptions: 10, AddOptions: 11, ReshapeOptions: 17, PadOptions: 22, ReducerOptions: 27, DequantizeOptions: 38,
  QuantizeOptions: 89, HardSwishOptions: 91,
} as const;

/** The name of a builtin operator code, for messages. */
export function builtinName(code: number): string {
  const hit = Object.entries(BuiltinOperator).find(([, v]) => v === code);
  return hit ? hit[0] : `builtin code ${code}`;
}
