import { readFileSync } from 'node:fs';
import type { ConstData, FusedActivation, QOp, QPadding, QTensor, QuantDType, QuantModel } from '../../quantize/types.js';
import { DeployError } from '../errors.js';
import { FlatTable } from './flat-reader.js';
import {
  ActivationCode, AddField, BufferField, BuiltinOperator as Op, builtinName, ConcatenationField, Conv2DField, DepthwiseField, FILE_IDENTIFIER,
  ModelField, OperatorCodeField, OperatorField, PaddingCode, Pool2DField, QuantField, ReducerField, SoftmaxField, SubGraphField, TensorField, TensorType,
} from './schema.js';

/** The builtin operators the reader maps into a QuantModel. */
export const readableOps: readonly string[] = Object.keys(Op);

interface RawOp { readonly code: number; readonly inputs: number[]; readonly outputs: number[]; readonly options: FlatTable | null; readonly index: number }

function dtypeOf(type: number, where: string): QuantDType {
  if (type === TensorType.INT8) return 'int8';
  if (type === TensorType.INT32) return 'int32';
  if (type === TensorType.FLOAT32) return 'float32';
  throw new DeployError(`${where}: tensor type ${type} is not supported; tinyevo reads int8, int32 and float32 tensors.`);
}

function dataOf(bytes: Uint8Array, dtype: QuantDType): ConstData | null {
  if (bytes.length === 0) return null;
  const copy = bytes.slice();
  if (dtype === 'int8') return new Int8Array(copy.buffer);
  if (dtype === 'int32') return new Int32Array(copy.buffer, 0, copy.length >> 2);
  return new Float32Array(copy.buffer, 0, copy.length >> 2);
}

function readTensor(t: FlatTable, buffers: FlatTable[], index: number): QTensor {
  const where = `tensor ${index}`;
  const dtype = dtypeOf(t.int8(TensorField.type), where);
  const buffer = buffers[t.uint32(TensorField.buffer)];
  const q = t.table(TensorField.quantization);
  const scale = q ? q.float32s(QuantField.scale) : [];
  const zeroPoint = q ? q.int64s(QuantField.zeroPoint) : [];
  const quant = q && scale.length > 0 ? { scale, zeroPoint: zeroPoint.length ? zeroPoint : scale.map(() => 0), axis: q.int32(QuantField.quantizedDimension) } : null;
  const data = buffer ? dataOf(buffer.bytes(BufferField.data), dtype) : null;
  return { name: t.string(TensorField.name) ?? `t${index}`, shape: t.int32s(TensorField.shape), dtype, quant, data };
}

const paddingOf = (code: number): QPadding => (code === PaddingCode.VALID ? 'valid' : 'same');

function activationOf(code: number, where: string): FusedActivation {
  if (code === ActivationCode.NONE) return 'none';
  if (code === ActivationCode.RELU) return 'relu';
  if (code === ActivationCode.RELU6) return 'relu6';
  throw new DeployError(`${where}: fused activation ${code} is not supported; tinyevo reads NONE, RELU and RELU6.`);
}

function constInts(tensors: readonly QTensor[], index: number | undefined, where: string): number[] {
  const t = index === undefined ? undefined : tensors[index];
  if (!t?.data) throw new DeployError(`${where}: needs a constant int32 input tensor (shape, paddings or axes); got ${t ? `tensor '${t.name}' without data` : 'none'}.`);
  return Array.from(t.data);
}

/** Maps one operator into a QuantModel op (options from its table or its constant inputs). */
function mapOp(r: RawOp, tensors: readonly QTensor[]): QOp {
  const where = `operator ${r.index} (${builtinName(r.code)})`;
  const o = r.options;
  const base = { inputs: r.inputs, output: r.outputs[0] as number };
  const act = (id: number) => activationOf(o ? o.int8(id) : 0, where);
  switch (r.code) {
    case Op.CONV_2D:
      return { kind: 'conv2d', ...base, strides: [o?.int32(Conv2DField.strideH, 1) ?? 1, o?.int32(Conv2DField.strideW, 1) ?? 1], dilation: [o?.int32(Conv2DField.dilationH, 1) ?? 1, o?.int32(Conv2DField.dilationW, 1) ?? 1], padding: paddingOf(o?.int8(Conv2DField.padding) ?? 0), activation: act(Conv2DField.activation) };
    case Op.DEPTHWISE_CONV_2D: {
      const channelsIn = tensors[r.inputs[0] as number]?.shape[3] ?? 1;
      const channelsOut = tensors[r.inputs[1] as number]?.shape[3] ?? channelsIn;
      return { kind: 'depthwiseConv2d', ...base, strides: [o?.int32(DepthwiseField.strideH, 1) ?? 1, o?.int32(DepthwiseField.strideW, 1) ?? 1], dilation: [o?.int32(DepthwiseField.dilationH, 1) ?? 1, o?.int32(DepthwiseField.dilationW, 1) ?? 1], padding: paddingOf(o?.int8(DepthwiseField.padding) ?? 0), depthMultiplier: Math.max(1, Math.round(channelsOut / channelsIn)), activation: act(DepthwiseField.activation) };
    }
    case Op.FULLY_CONNECTED: return { kind: 'fullyConnected', ...base, activation: act(0) };
    case Op.AVERAGE_POOL_2D: case Op.MAX_POOL_2D:
      return { kind: r.code === Op.MAX_POOL_2D ? 'maxPool2d' : 'averagePool2d', ...base, filter: [o?.int32(Pool2DField.filterH, 1) ?? 1, o?.int32(Pool2DField.filterW, 1) ?? 1], strides: [o?.int32(Pool2DField.strideH, 1) ?? 1, o?.int32(Pool2DField.strideW, 1) ?? 1], padding: paddingOf(o?.int8(Pool2DField.padding) ?? 0), activation: act(Pool2DField.activation) };
    case Op.ADD: return { kind: 'add', ...base, activation: act(AddField.activation) };
    case Op.CONCATENATION: return { kind: 'concatenation', ...base, axis: o?.int32(ConcatenationField.axis) ?? 0, activation: act(ConcatenationField.activation) };
    case Op.RESHAPE: return { kind: 'reshape', inputs: [r.inputs[0] as number], output: base.output, newShape: tensors[base.output]?.shape ?? [] };
    case Op.SOFTMAX: return { kind: 'softmax', ...base, beta: o?.float32(SoftmaxField.beta, 1) ?? 1 };
    case Op.PAD: {
      const p = constInts(tensors, r.inputs[1], where);
      return { kind: 'pad', inputs: [r.inputs[0] as number], output: base.output, paddings: Array.from({ length: p.length / 2 }, (_, d) => [p[2 * d] as number, p[2 * d + 1] as number] as const) };
    }
    case Op.MEAN: return { kind: 'mean', inputs: [r.inputs[0] as number], output: base.output, axes: constInts(tensors, r.inputs[1], where), keepDims: o?.bool(ReducerField.keepDims) ?? false };
    case Op.RELU: return { kind: 'relu', ...base };
    case Op.RELU6: return { kind: 'relu6', ...base };
    case Op.LOGISTIC: return { kind: 'logistic', ...base };
    case Op.HARD_SWISH: return { kind: 'hardSwish', ...base };
    case Op.QUANTIZE: return { kind: 'quantize', ...base };
    case Op.DEQUANTIZE: return { kind: 'dequantize', ...base };
    default: throw new DeployError(`${where}: this operator is not supported; tinyevo reads ${readableOps.join(', ')}.`);
  }
}

/** Drops tensors no op or model input/output uses (a reshape's shape, a pad's paddings) and renumbers the rest. */
function compact(tensors: readonly QTensor[], ops: readonly QOp[], inputs: readonly number[], outputs: readonly number[], description: string): QuantModel {
  const used = [...new Set([...inputs, ...outputs, ...ops.flatMap((o) => [...o.inputs, o.output])])].filter((i) => i >= 0).sort((a, b) => a - b);
  const map = new Map(used.map((t, i) => [t, i]));
  const re = (i: number) => (i < 0 ? -1 : (map.get(i) as number));
  return {
    tensors: used.map((i) => tensors[i] as QTensor),
    ops: ops.map((o) => ({ ...o, inputs: o.inputs.map(re), output: re(o.output) }) as QOp),
    inputs: inputs.map(re), outputs: outputs.map(re), description,
  };
}

function readModel(bytes: Uint8Array): QuantModel {
  const model = FlatTable.root(bytes);
  const codes = model.tables(ModelField.operatorCodes).map((c) => Math.max(c.int8(OperatorCodeField.deprecatedBuiltinCode), c.int32(OperatorCodeField.builtinCode)));
  const buffers = model.tables(ModelField.buffers);
  const subgraphs = model.tables(ModelField.subgraphs);
  if (subgraphs.length !== 1) throw new DeployError(`.tflite: tinyevo reads models with one subgraph; got ${subgraphs.length}.`);
  const g = subgraphs[0] as FlatTable;
  const tensors = g.tables(SubGraphField.tensors).map((t, i) => readTensor(t, buffers, i));
  const raw: RawOp[] = g.tables(SubGraphField.operators).map((o, index) => {
    const code = codes[o.uint32(OperatorField.opcodeIndex)];
    if (code === undefined) throw new DeployError(`.tflite: operator ${index} refers to operator code ${o.uint32(OperatorField.opcodeIndex)}; the model has ${codes.length}.`);
    return { code, inputs: o.int32s(OperatorField.inputs), outputs: o.int32s(OperatorField.outputs), options: o.table(OperatorField.builtinOptions), index };
  });
  const ops = raw.map((r) => mapOp(r, tensors));
  return compact(tensors, ops, g.int32s(SubGraphField.inputs), g.int32s(SubGraphField.outputs), model.string(ModelField.description) ?? '');
}

/**
 * Reads a `.tflite` flatbuffer into a QuantModel. Throws DeployError for a file that is not TFLite (no "TFL3"
 * identifier), a truncated or corrupt one, or an operator or tensor type tinyevo does not handle (named).
 */
export function readTflite(bytes: Uint8Array, where = '.tflite'): QuantModel {
  if (bytes.length < 8) throw new DeployError(`${where}: ${bytes.length} bytes is too short to be a TFLite model (a truncated file?).`);
  const id = new TextDecoder().decode(bytes.subarray(4, 8));
  if (id !== FILE_IDENTIFIER) throw new DeployError(`${where}: not a TFLite model: the file identifier is '${id.replace(/[^ -~]/g, '?')}', expected '${FILE_IDENTIFIER}'.`);
  try {
    return readModel(bytes);
  } catch (e) {
    if (e instanceof RangeError) throw new DeployError(`${where}: truncated or corrupt TFLite file (${bytes.length} bytes): ${e.message}.`);
    if (e instanceof DeployError) throw new DeployError(`${where}: ${e.message.replace(/^\.tflite: /, '')}`);
    throw e;
  }
}

/** Reads a `.tflite` file. */
export function readTfliteFile(path: string): QuantModel {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new DeployError(`${path}: cannot read the file: ${(e as Error).message}.`);
  }
  return readTflite(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path);
}
