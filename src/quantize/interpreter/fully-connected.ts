import { activationRange } from '../fixed-point.js';
import { QuantizeError } from '../errors.js';
import type { QFullyConnected, QuantModel } from '../types.js';
import { channelMultipliers, outputValue } from './requant.js';
import { constData, tensorParams } from './tensor.js';

/** TFLite's int8 FULLY_CONNECTED (reference_integer_ops::FullyConnected): weights [units, inUnits], batch 1. */
export function fullyConnected(model: QuantModel, op: QFullyConnected, input: Int8Array, where: string): Int8Array {
  const wt = model.tensors[op.inputs[1] as number]!;
  const [units, depth] = wt.shape as [number, number];
  if (input.length !== depth) throw new QuantizeError(`${where}: input has ${input.length} elements; the weights expect ${depth}.`);
  const weights = constData(model, op.inputs[1] as number, Int8Array, where);
  const inT = model.tensors[op.inputs[0] as number]!;
  const outT = model.tensors[op.output]!;
  const mult = channelMultipliers(inT, wt, outT, units, where);
  const inZp = tensorParams(inT, where).zeroPoint;
  const filterZp = wt.quant?.zeroPoint[0] ?? 0;
  const o = tensorParams(outT, where);
  const range = activationRange(op.activation, o.scale, o.zeroPoint);
  const biasIndex = op.inputs[2] ?? -1;
  const bias = biasIndex >= 0 ? constData(model, biasIndex, Int32Array, where) : null;
  const out = new Int8Array(units);
  for (let u = 0; u < units; u++) {
    let acc = 0;
    const base = u * depth;
    for (let d = 0; d < depth; d++) acc += ((weights[base + d] as number) - filterZp) * ((input[d] as number) - inZp);
    out[u] = outputValue(acc, bias, u, mult[u]!, o.zeroPoint, range);
  }
  return out;
}
