import { ShapeError } from '../../errors.js';
import type { Padding, Shape } from '../types.js';

/** Output length of a sliding window along one axis (TensorFlow's rule for 'same' and 'valid'). */
export function windowOut(inLen: number, window: number, stride: number, padding: Padding, dilation = 1): number {
  const effective = (window - 1) * dilation + 1;
  return padding === 'same' ? Math.ceil(inLen / stride) : Math.floor((inLen - effective) / stride) + 1;
}

/** Throws ShapeError unless `shape` has rank 3 (H, W, C). */
export function expectHWC(shape: Shape | undefined, where: string): readonly [number, number, number] {
  if (!shape || shape.length !== 3) {
    throw new ShapeError(`${where}: input must have rank 3 (height, width, channels); got ${JSON.stringify(shape)}. Add a conv or reshape before it, or use dense after flatten.`);
  }
  return [shape[0] as number, shape[1] as number, shape[2] as number];
}

/** Throws ShapeError unless `value` is an integer in [min, max]. */
export function expectInt(value: number, name: string, min: number, max: number, where: string): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ShapeError(`${where}: ${name} must be an integer in [${min}, ${max}]; got ${value}.`);
  }
}

/** Throws ShapeError unless both entries of a pair are integers in [min, max]. */
export function expectPair(pair: readonly [number, number], name: string, min: number, max: number, where: string): void {
  if (!Array.isArray(pair) || pair.length !== 2) {
    throw new ShapeError(`${where}: ${name} must be a pair [h, w]; got ${JSON.stringify(pair)}.`);
  }
  expectInt(pair[0], `${name}[0]`, min, max, where);
  expectInt(pair[1], `${name}[1]`, min, max, where);
}

/** Spatial output of a window op, with a clear error when the window does not fit a 'valid' input. */
export function spatialOut(hwc: readonly [number, number, number], window: readonly [number, number], strides: readonly [number, number], padding: Padding, where: string, dilation: readonly [number, number] = [1, 1]): [number, number] {
  const oh = windowOut(hwc[0], window[0], strides[0], padding, dilation[0]);
  const ow = windowOut(hwc[1], window[1], strides[1], padding, dilation[1]);
  if (oh < 1 || ow < 1) {
    throw new ShapeError(`${where}: window ${window[0]}x${window[1]} must fit the ${hwc[0]}x${hwc[1]} input with 'valid' padding; got an empty output. Use padding 'same' or a smaller window.`);
  }
  return [oh, ow];
}

/** Product of the entries of a shape. */
export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
