import { Builder } from 'flatbuffers';
import type { ConstData, FusedActivation, QOp, QTensor, QuantModel } from '../../quantize/types.js';
import { DeployError } from '../errors.js';
import {
  ActivationCode, AddField, BufferField, BuiltinOperator as Op, BuiltinOptionsType as Opt, ConcatenationField, Conv2DField, DepthwiseField, FILE_IDENTIFIER,
  FullyConnectedField, ModelField, OperatorCodeField, OperatorField, PaddingCode, Pool2DField, QuantField, ReducerField, ReshapeField, SCHEMA_VERSION, SoftmaxField,
  SubGraphField, TensorField, TensorType,
} from './schema.js';

type Offset = number;

/** Each op kind's builtin code and the operator version TFLite registers for its int8 kernel. */
const opCodes: Record<QOp['kind'], { code: number; version: number }> = {
  conv2d: { code: Op.CONV_2D, version: 3 }, depthwiseConv2d: { code: Op.DEPTHWISE_CONV_2D, version: 3 }, fullyConnected: { code: Op.FULLY_CONNECTED, version: 4 },
  maxPool2d: { code: Op.MAX_POOL_2D, version: 2 }, averagePool2d: { code: Op.AVERAGE_POOL_2D, version: 2 }, add: { code: Op.ADD, version: 2 },
  concatenation: { code: Op.CONCATENATION, version: 2 }, reshape: { code: Op.RESHAPE, version: 1 }, softmax: { code: Op.SOFTMAX, version: 2 },
  pad: { code: Op.PAD, version: 2 }, relu: { code: Op.RELU, version: 2 }, relu6: { code: Op.RELU6, version: 2 }, logistic: { code: Op.LOGISTIC, version: 2 },
  hardSwish: { code: Op.HARD_SWISH, version: 1 }, quantize: { code: Op.QUANTIZE, version: 2 }, dequantize: { code: Op.DEQUANTIZE, version: 2 }, mean: { code: Op.MEAN, version: 2 },
};

const actCode = (a: FusedActivation): number => (a === 'relu' ? ActivationCode.RELU : a === 'relu6' ? ActivationCode.RELU6 : ActivationCode.NONE);
const padCode = (p: 'same' | 'valid'): number => (p === 'valid' ? PaddingCode.VALID : PaddingCode.SAME);

function intVector(b: Builder, values: readonly number[]): Offset {
  b.startVector(4, values.length, 4);
  for (let i = values.length - 1; i >= 0; i--) b.addInt32(values[i] as number);
  return b.endVector();
}

function table(b: Builder, fields: number, add: (b: Builder) => void): Offset {
  b.startObject(fields);
  add(b);
  return b.endObject();
}

/** The constant int32 tensors TFLite wants as op inputs (reshape's shape, pad's paddings, mean's axes). */
function auxInputs(op: QOp, add: (t: QTensor) => number): number[] {
  const ints = (name: string, shape: number[], values: number[]) => add({ name, shape, dtype: 'int32', quant: null, data: Int32Array.from(values) });
  if (op.kind === 'reshape') return [ints(`shape_${op.output}`, [op.newShape.length], [...op.newShape])];
  if (op.kind === 'pad') return [ints(`paddings_${op.output}`, [op.paddings.length, 2], op.paddings.flatMap((p) => [p[0], p[1]]))];
  if (op.kind === 'mean') return [ints(`axes_${op.output}`, [op.axes.length], [...op.axes])];
  return [];
}

/** The builtin options table of an op, with its union type. */
function options(b: Builder, op: QOp): { type: number; offset: Offset } {
  switch (op.kind) {
    case 'conv2d': return { type: Opt.Conv2DOptions, offset: table(b, 7, (t) => { t.addFieldInt8(Conv2DField.padding, padCode(op.padding), -1); t.addFieldInt32(Conv2DField.strideW, op.strides[1], -1); t.addFieldInt32(Conv2DField.strideH, op.strides[0], -1); t.addFieldInt8(Conv2DField.activation, actCode(op.activation), -1); t.addFieldInt32(Conv2DField.dilationW, op.dilation[1], -1); t.addFieldInt32(Conv2DField.dilationH, op.dilation[0], -1); }) };
    case 'depthwiseConv2d': return { type: Opt.DepthwiseConv2DOptions, offset: table(b, 7, (t) => { t.addFieldInt8(DepthwiseField.padding, padCode(op.padding), -1); t.addFieldInt32(DepthwiseField.strideW, op.strides[1], -1); t.addFieldInt32(DepthwiseField.strideH, op.strides[0], -1); t.addFieldInt32(DepthwiseField.depthMultiplier, op.depthMultiplier, -1); t.addFieldInt8(DepthwiseField.activation, actCode(op.activation), -1); t.addFieldInt32(DepthwiseField.dilationW, op.dilation[1], -1); t.addFieldInt32(DepthwiseField.dilationH, op.dilation[0], -1); }) };
    case 'fullyConnected': return { type: Opt.FullyConnectedOptions, offset: table(b, 5, (t) => { t.addFieldInt8(FullyConnectedField.activation, actCode(op.activation), -1); }) };
    case 'maxPool2d': case 'averagePool2d': return { type: Opt.Pool2DOptions, offset: table(b, 6, (t) => { t.addFieldInt8(Pool2DField.padding, padCode(op.padding), -1); t.addFieldInt32(Pool2DField.strideW, op.strides[1], -1); t.addFieldInt32(Pool2DField.strideH, op.strides[0], -1); t.addFieldInt32(Pool2DField.filterW, op.filter[1], -1); t.addFieldInt32(Pool2DField.filterH, op.filter[0], -1); t.addFieldInt8(Pool2DField.activation, actCode(op.activation), -1); }) };
    case 'add': return { type: Opt.AddOptions, offset: table(b, 2, (t) => { t.addFieldInt8(AddField.activation, actCode(op.activation), -1); }) };
    case 'concatenation': return { type: Opt.ConcatenationOptions, offset: table(b, 2, (t) => { t.addFieldInt32(ConcatenationField.axis, op.axis, -1); t.addFieldInt8(ConcatenationField.activation, actCode(op.activation), -1); }) };
    case 'reshape': { const shape = intVector(b, op.newShape); return { type: Opt.ReshapeOptions, offset: table(b, 1, (t) => t.addFieldOffset(ReshapeField.newShape, shape, 0)) }; }
    case 'softmax': return { type: Opt.SoftmaxOptions, offset: table(b, 1, (t) => t.addFieldFloat32(SoftmaxField.beta, op.beta, -1)) };
    case 'pad': return { type: Opt.PadOptions, offset: table(b, 0, () => {}) };
    case 'mean': return { type: Opt.ReducerOptions, offset: table(b, 1, (t) => t.addFieldInt8(ReducerField.keepDims, op.keepDims ? 1 : 0, -1)) };
    case 'hardSwish': return { type: Opt.HardSwishOptions, offset: table(b, 0, () => {}) };
    case 'quantize': return { type: Opt.QuantizeOptions, offset: table(b, 0, () => {}) };
    case 'dequantize': return { type: Opt.DequantizeOptions, offset: table(b, 0, () => {}) };
    default: return { type: Opt.NONE, offset: 0 };
  }
}

function bytesOf(data: ConstData): Uint8Array {
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

function writeBuffer(b: Builder, data: ConstData | null): Offset {
  if (!data) return table(b, 3, () => {});
  const bytes = bytesOf(data);
  b.startVector(1, bytes.length, 16);
  for (let i = bytes.length - 1; i >= 0; i--) b.addInt8(bytes[i] as number);
  const vec = b.endVector();
  return table(b, 3, (t) => t.addFieldOffset(BufferField.data, vec, 0));
}

function writeQuant(b: Builder, t: QTensor): Offset {
  const q = t.quant;
  if (!q) return 0;
  b.startVector(4, q.scale.length, 4);
  for (let i = q.scale.length - 1; i >= 0; i--) b.addFloat32(q.scale[i] as number);
  const scale = b.endVector();
  b.startVector(8, q.zeroPoint.length, 8);
  for (let i = q.zeroPoint.length - 1; i >= 0; i--) b.addInt64(BigInt(q.zeroPoint[i] as number));
  const zp = b.endVector();
  return table(b, 7, (x) => { x.addFieldOffset(QuantField.scale, scale, 0); x.addFieldOffset(QuantField.zeroPoint, zp, 0); x.addFieldInt32(QuantField.quantizedDimension, q.axis, 0); });
}

const typeCode = (t: QTensor): number => (t.dtype === 'int8' ? TensorType.INT8 : t.dtype === 'int32' ? TensorType.INT32 : TensorType.FLOAT32);

function writeTensor(b: Builder, t: QTensor, buffer: number): Offset {
  const shape = intVector(b, t.shape);
  const name = b.createString(t.name);
  const quant = writeQuant(b, t);
  return table(b, 5, (x) => {
    x.addFieldOffset(TensorField.shape, shape, 0);
    x.addFieldInt8(TensorField.type, typeCode(t), -1);
    x.addFieldInt32(TensorField.buffer, buffer, -1);
    x.addFieldOffset(TensorField.name, name, 0);
    if (quant) x.addFieldOffset(TensorField.quantization, quant, 0);
  });
}

function tableVector(b: Builder, offsets: readonly Offset[]): Offset {
  b.startVector(4, offsets.length, 4);
  for (let i = offsets.length - 1; i >= 0; i--) b.addOffset(offsets[i] as Offset);
  return b.endVector();
}

/** The op list with TFLite's extra constant inputs appended to the tensor list. */
function expand(model: QuantModel): { tensors: QTensor[]; inputs: number[][] } {
  const tensors = [...model.tensors];
  const inputs = model.ops.map((op) => [...op.inputs, ...auxInputs(op, (t) => tensors.push(t) - 1)]);
  return { tensors, inputs };
}

/**
 * Writes a QuantModel as a `.tflite` flatbuffer (schema version 3, identifier "TFL3"): one subgraph, buffer 0 empty,
 * one buffer per constant tensor, int8 quantisation parameters, operator codes with the versions of TFLite's int8
 * kernels. Throws DeployError for an op kind TFLite cannot express.
 */
export function writeTflite(model: QuantModel): Uint8Array {
  for (const op of model.ops) if (!(op.kind in opCodes)) throw new DeployError(`tflite writer: op '${(op as QOp).kind}' cannot be expressed in TFLite; it supports ${Object.keys(opCodes).join(', ')}.`);
  const b = new Builder(1 << 16);
  b.forceDefaults(true);
  const { tensors, inputs } = expand(model);
  const bufferOf = new Map<number, number>();
  const bufferData: (ConstData | null)[] = [null];
  tensors.forEach((t, i) => { if (t.data) bufferOf.set(i, bufferData.push(t.data) - 1); });
  const codes: { code: number; version: number }[] = [];
  const codeIndex = (k: QOp['kind']): number => {
    const c = opCodes[k];
    const at = codes.findIndex((x) => x.code === c.code);
    if (at >= 0) { codes[at] = { code: c.code, version: Math.max(codes[at]!.version, c.version) }; return at; }
    return codes.push(c) - 1;
  };
  const opIndex = model.ops.map((op) => codeIndex(op.kind));
  const buffers = bufferData.map((d) => writeBuffer(b, d));
  const tensorOffsets = tensors.map((t, i) => writeTensor(b, t, bufferOf.get(i) ?? 0));
  const operators = model.ops.map((op, k) => {
    const ins = intVector(b, inputs[k] as number[]);
    const outs = intVector(b, [op.output]);
    const opt = options(b, op);
    return table(b, 5, (t) => {
      t.addFieldInt32(OperatorField.opcodeIndex, opIndex[k] as number, -1);
      t.addFieldOffset(OperatorField.inputs, ins, 0);
      t.addFieldOffset(OperatorField.outputs, outs, 0);
      if (opt.type !== 0) { t.addFieldInt8(OperatorField.builtinOptionsType, opt.type, -1); t.addFieldOffset(OperatorField.builtinOptions, opt.offset, 0); }
    });
  });
  const subgraph = ((tv: Offset, iv: Offset, ov: Offset, opv: Offset, name: Offset) => table(b, 5, (t) => {
    t.addFieldOffset(SubGraphField.tensors, tv, 0); t.addFieldOffset(SubGraphField.inputs, iv, 0); t.addFieldOffset(SubGraphField.outputs, ov, 0);
    t.addFieldOffset(SubGraphField.operators, opv, 0); t.addFieldOffset(SubGraphField.name, name, 0);
  }))(tableVector(b, tensorOffsets), intVector(b, model.inputs), intVector(b, model.outputs), tableVector(b, operators), b.createString('main'));
  const codeOffsets = codes.map((c) => table(b, 4, (t) => {
    t.addFieldInt8(OperatorCodeField.deprecatedBuiltinCode, Math.min(c.code, 127), -1);
    t.addFieldInt32(OperatorCodeField.version, c.version, -1);
    t.addFieldInt32(OperatorCodeField.builtinCode, c.code, -1);
  }));
  const root = ((cv: Offset, sv: Offset, dv: Offset, bv: Offset) => table(b, 5, (t) => {
    t.addFieldInt32(ModelField.version, SCHEMA_VERSION, -1); t.addFieldOffset(ModelField.operatorCodes, cv, 0); t.addFieldOffset(ModelField.subgraphs, sv, 0);
    t.addFieldOffset(ModelField.description, dv, 0); t.addFieldOffset(ModelField.buffers, bv, 0);
  }))(tableVector(b, codeOffsets), tableVector(b, [subgraph]), b.createString(model.description), tableVector(b, buffers));
  b.finish(root, FILE_IDENTIFIER);
  return b.asUint8Array().slice();
}
