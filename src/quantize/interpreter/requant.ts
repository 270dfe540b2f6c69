import { quantizeMultiplier, requantizeAccumulator, type ChannelRequant } from '../fixed-point.js';
import type { QTensor } from '../types.js';
import { QuantizeError } from '../errors.js';

/**
 * Per-output-channel requantisation of a conv, depthwise or fully-connected op, as TFLite computes it in double:
 * M[c] = inputScale * filterScale[c] / outputScale. A per-tensor filter scale serves every channel.
 */
export function channelMultipliers(input: QTensor, filter: QTensor, output: QTensor, channels: number, where: string): ChannelRequant[] {
  const fq = filter.quant;
  const iq = input.quant;
  const oq = output.quant;
  if (!fq || !iq || !oq) throw new QuantizeError(`${where}: input, filter and output must be quantised int8 tensors.`);
  if (fq.scale.length !== 1 && fq.scale.length !== channels) {
    throw new QuantizeError(`${where}: filter '${filter.name}' has ${fq.scale.length} scales; expected 1 or ${channels} (one per output channel).`);
  }
  const out: ChannelRequant[] = [];
  const [is, os] = [iq.scale[0] as number, oq.scale[0] as number];
  for (let c = 0; c < channels; c++) {
    const fs = (fq.scale.length === 1 ? fq.scale[0] : fq.scale[c]) as number;
    out.push({ ...quantizeMultiplier((is * fs) / os), fp32Scale: Math.fround(Math.fround(is * fs) / os) });
  }
  return out;
}

/** The int8 output of an accumulator: plus bias, requantised, plus the output zero point, clamped to the activation range. */
export function outputValue(acc: number, bias: Int32Array | null, channel: number, m: ChannelRequant, zeroPoint: number, range: { min: number; max: number }): number {
  const v = requantizeAccumulator((acc + (bias ? (bias[channel] as number) : 0)) | 0, m) + zeroPoint;
  return v < range.min ? range.min : v > range.max ? range.max : v;
}
