import { QuantizeError } from '../errors.js';
import type { ConstData, QTensor, QuantModel, QuantParams } from '../types.js';

/** A tensor's values while the interpreter runs: int8 activations, int32 constants, float32 at float boundaries. */
export type TensorValue = Int8Array | Int32Array | Float32Array;

/** The element count of a shape. */
export const elements = (shape: readonly number[]): number => shape.reduce((p, d) => p * d, 1);

/** Per-tensor scale and zero point of an activation; throws when the tensor is per-channel or float. */
export function tensorParams(t: QTensor, where: string): { scale: number; zeroPoint: number } {
  const q = t.quant as QuantParams | null;
  if (!q || q.scale.length !== 1) throw new QuantizeError(`${where}: tensor '${t.name}' must have one (per-tensor) scale; got ${q ? q.scale.length : 'no'} scales.`);
  return { scale: q.scale[0] as number, zeroPoint: q.zeroPoint[0] as number };
}

/** Reads a constant tensor's data with the array type the kernel needs. */
export function constData<T extends ConstData>(model: QuantModel, index: number, type: new (n: number) => T, where: string): T {
  const t = model.tensors[index];
  if (!t || !t.data || !(t.data instanceof type)) {
    throw new QuantizeError(`${where}: input tensor ${index} ('${t?.name ?? 'missing'}') must be a constant ${type.name}; got ${t?.data ? t.data.constructor.name : 'no data'}.`);
  }
  return t.data as T;
}

/** The NHWC dimensions of a rank-4 activation shape [1, H, W, C]. */
export function nhwc(shape: readonly number[], where: string): { n: number; h: number; w: number; c: number } {
  if (shape.length !== 4) throw new QuantizeError(`${where}: expected a rank-4 NHWC tensor; got shape [${shape.join(', ')}].`);
  return { n: shape[0] as number, h: shape[1] as number, w: shape[2] as number, c: shape[3] as number };
}

/** TFLite's SAME/VALID padding: the padding before each spatial dimension. */
export function paddingBefore(padding: 'same' | 'valid', inSize: number, outSize: number, stride: number, filter: number, dilation: number): number {
  if (padding === 'valid') return 0;
  const effective = (filter - 1) * dilation + 1;
  return Math.max(0, Math.floor(((outSize - 1) * stride + effective - inSize) / 2));
}
