import type { TensorInfo } from '@tensorflow/tfjs-core';
import type { Composer } from './compose.js';
import type { ConvGeometry } from './padding.js';

/** Inserts s-1 zeros between rows and columns of dy ([N, Ho, Wo, C] -> [N, s*(Ho-1)+1, s*(Wo-1)+1, C]). */
function dilate(c: Composer, dy: TensorInfo, sh: number, sw: number): TensorInfo {
  if (sh === 1 && sw === 1) return dy;
  const [n, ho, wo, ch] = dy.shape as [number, number, number, number];
  const six = c.reshape(dy, [n, ho, 1, wo, 1, ch]);
  const padded = c.run('PadV2', { x: six }, { paddings: [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]], constantValue: 0 });
  const full = c.reshape(padded, [n, ho * sh, wo * sw, ch]);
  return c.run('Slice', { x: full }, { begin: [0, 0, 0, 0], size: [n, sh * (ho - 1) + 1, sw * (wo - 1) + 1, ch] });
}

/**
 * dx of a convolution: the full correlation of dy, dilated by the stride, with the spatially reversed filter. A
 * stride-1 forward conv padded (kh-1-top) on top and whatever makes the output exactly H rows at the bottom (the
 * same for columns); rows that no output read get zero gradient through that padding. For a dense conv the filter
 * is also transposed to [kh, kw, Co, Ci]; a depthwise filter [kh, kw, C, 1] is used as it is.
 */
export function inputGradient(c: Composer, dy: TensorInfo, filter: TensorInfo, g: ConvGeometry, depthwise: boolean): TensorInfo {
  const d = dilate(c, dy, g.strideHeight, g.strideWidth);
  const top = g.filterHeight - 1 - g.padTop;
  const left = g.filterWidth - 1 - g.padLeft;
  const bottom = g.inHeight - (d.shape[1] as number) - top + g.filterHeight - 1;
  const right = g.inWidth - (d.shape[2] as number) - left + g.filterWidth - 1;
  const reversed = c.run('Reverse', { x: filter }, { dims: [0, 1] });
  const attrs = { strides: [1, 1], pad: [[0, 0], [top, bottom], [left, right], [0, 0]], dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined };
  if (depthwise) return c.run('DepthwiseConv2dNative', { x: d, filter: reversed }, attrs);
  return c.run('Conv2D', { x: d, filter: c.transpose(reversed, [0, 1, 3, 2]) }, attrs);
}
