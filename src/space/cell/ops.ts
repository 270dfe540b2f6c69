import type { GraphBuilder } from '../../arch/builder.js';

/**
 * The candidate operations of an edge (DARTS's list without dil_conv_3x3: the IR's depthwise conv has no dilation,
 * and the wasm training backend rejects dilation > 1, so a dilated separable conv could be neither built nor trained).
 */
export const CELL_OPS = ['sep_conv_3x3', 'sep_conv_5x5', 'max_pool_3x3', 'avg_pool_3x3', 'skip_connect', 'none'] as const;
/** One candidate operation. */
export type CellOp = (typeof CELL_OPS)[number];

/** A 1x1 conv (no bias) and batch norm; with stride 2 it is our factorised reduce. Returns the BN node. */
export function conv1x1Bn(b: GraphBuilder, from: string, channels: number, stride: number, id: string): string {
  const c = b.conv2d(from, { filters: channels, kernel: 1, strides: stride, useBias: false, id: `${id}.conv` });
  return b.batchNorm(c, { id: `${id}.bn` });
}

/** Separable conv as the brief sets it: depthwise k x k, pointwise 1x1, BN, ReLU (DARTS stacks two of these). */
function sepConv(b: GraphBuilder, from: string, kernel: number, channels: number, stride: number, id: string): string {
  const dw = b.depthwiseConv2d(from, { kernel, strides: stride, useBias: false, id: `${id}.dw` });
  const pw = b.conv2d(dw, { filters: channels, kernel: 1, useBias: false, id: `${id}.pw` });
  return b.activation(b.batchNorm(pw, { id: `${id}.bn` }), 'relu', `${id}.relu`);
}

/**
 * Adds operation `op` on `from` (which has `channels` channels) with the given stride; returns the id of its output,
 * which is `from` itself for a stride-1 skip. A strided skip is a factorised reduce; a strided zero subsamples first
 * (a 1x1 max pool with stride 2, like DARTS's Zero(stride=2)) so that its output has the reduced shape.
 */
export function addOp(b: GraphBuilder, op: CellOp, from: string, channels: number, stride: number, id: string): string {
  switch (op) {
    case 'sep_conv_3x3': return sepConv(b, from, 3, channels, stride, id);
    case 'sep_conv_5x5': return sepConv(b, from, 5, channels, stride, id);
    case 'max_pool_3x3': return b.maxPool(from, { pool: 3, strides: stride, padding: 'same', id });
    case 'avg_pool_3x3': return b.avgPool(from, { pool: 3, strides: stride, padding: 'same', id });
    case 'skip_connect': return stride === 1 ? from : conv1x1Bn(b, from, channels, stride, id);
    case 'none': {
      const src = stride === 1 ? from : b.maxPool(from, { pool: 1, strides: stride, padding: 'valid', id: `${id}.sub` });
      return b.zero(src, id);
    }
  }
}
