import { QuantizeError } from '../errors.js';
import { withRounding, type RoundingMode } from '../fixed-point.js';
import type { QOp, QuantModel } from '../types.js';
import { add } from './add.js';
import { conv2d, depthwiseConv2d } from './conv.js';
import { concatenation, dequantize, pad, quantize, relu } from './elementwise.js';
import { fullyConnected } from './fully-connected.js';
import { pool2d } from './pool.js';
import { softmax } from './softmax.js';
import { elements, type TensorValue } from './tensor.js';

export type { TensorValue } from './tensor.js';

/** The op kinds the reference interpreter runs. */
export const interpretedOps: readonly QOp['kind'][] = ['conv2d', 'depthwiseConv2d', 'fullyConnected', 'maxPool2d', 'averagePool2d', 'add', 'concatenation', 'reshape', 'softmax', 'pad', 'relu', 'relu6', 'quantize', 'dequantize'];

function int8(v: TensorValue | undefined, where: string): Int8Array {
  if (!(v instanceof Int8Array)) throw new QuantizeError(`${where}: input must be an int8 tensor; got ${v ? v.constructor.name : 'nothing (tensor never computed)'}.`);
  return v;
}

function runOp(model: QuantModel, op: QOp, values: (TensorValue | undefined)[], where: string): TensorValue {
  const arg = (k: number): TensorValue | undefined => values[op.inputs[k] as number];
  switch (op.kind) {
    case 'conv2d': return conv2d(model, op, int8(arg(0), where), where);
    case 'depthwiseConv2d': return depthwiseConv2d(model, op, int8(arg(0), where), where);
    case 'fullyConnected': return fullyConnected(model, op, int8(arg(0), where), where);
    case 'maxPool2d': case 'averagePool2d': return pool2d(model, op, int8(arg(0), where), where);
    case 'add': return add(model, op, int8(arg(0), where), int8(arg(1), where), where);
    case 'concatenation': return concatenation(model, op, op.inputs.map((_, k) => int8(arg(k), where)), where);
    case 'reshape': return (arg(0) as TensorValue).slice();
    case 'softmax': return softmax(model, op, int8(arg(0), where), where);
    case 'pad': return pad(model, op, int8(arg(0), where), where);
    case 'relu': case 'relu6': return relu(model, op, int8(arg(0), where), where);
    case 'quantize': {
      const x = arg(0);
      if (!(x instanceof Float32Array) && !(x instanceof Int8Array)) throw new QuantizeError(`${where}: QUANTIZE input must be float32 or int8.`);
      return quantize(model, op, x, where);
    }
    case 'dequantize': return dequantize(model, op, int8(arg(0), where), where);
    default: throw new QuantizeError(`${where}: op '${op.kind}' is not supported by the int8 reference interpreter; supported: ${interpretedOps.join(', ')}.`);
  }
}

/** Loads constants and checks the caller's inputs against the model's input tensors. */
function initialValues(model: QuantModel, inputs: readonly TensorValue[]): (TensorValue | undefined)[] {
  const values: (TensorValue | undefined)[] = model.tensors.map((t) => t.data ?? undefined);
  if (inputs.length !== model.inputs.length) throw new QuantizeError(`interpreter: the model has ${model.inputs.length} inputs; got ${inputs.length}.`);
  model.inputs.forEach((t, k) => {
    const tensor = model.tensors[t]!;
    const x = inputs[k] as TensorValue;
    const want = tensor.dtype === 'int8' ? Int8Array : tensor.dtype === 'int32' ? Int32Array : Float32Array;
    if (!(x instanceof want) || x.length !== elements(tensor.shape)) {
      throw new QuantizeError(`interpreter: input ${k} ('${tensor.name}') must be a ${want.name} of ${elements(tensor.shape)} values (shape [${tensor.shape.join(', ')}]); got a ${x.constructor.name} of ${x.length}.`);
    }
    values[t] = x;
  });
  return values;
}

/**
 * Runs an int8 model on one sample (batch 1) with TFLite's integer reference kernels, bit for bit as TFLite Micro
 * computes them. Inputs and outputs follow the model's input and output tensors (int8, or float32 at a
 * QUANTIZE/DEQUANTIZE boundary). The golden output for every exporter. `rounding: 'single'` reproduces builds
 * with TFLITE_SINGLE_ROUNDING (such as the WebAssembly TFLite of @tensorflow/tfjs-tflite).
 */
export function runQuantModel(model: QuantModel, inputs: readonly TensorValue[], options: { rounding?: RoundingMode } = {}): TensorValue[] {
  if (options.rounding && options.rounding !== 'double') return withRounding(options.rounding, () => runQuantModel(model, inputs));
  const values = initialValues(model, inputs);
  model.ops.forEach((op, k) => {
    const where = `op ${k} (${op.kind} -> '${model.tensors[op.output]?.name ?? op.output}')`;
    values[op.output] = runOp(model, op, values, where);
  });
  return model.outputs.map((t) => {
    const v = values[t];
    if (!v) throw new QuantizeError(`interpreter: output tensor ${t} is never computed by any op.`);
    return v;
  });
}
