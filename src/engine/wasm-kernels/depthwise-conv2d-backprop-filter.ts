import { DepthwiseConv2dNativeBackpropFilter, type DepthwiseConv2dNativeBackpropFilterAttrs, type KernelBackend, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { EngineError } from '../../errors.js';
import { compose, type Composer } from './compose.js';
import { batchChunk, batchRange, convGeometry, filterGradPads, type ConvGeometry, type FilterGradPads } from './padding.js';
import { heapAddress, simdKernels } from './simd/index.js';

/*
 * dW[i, j, c] = sum over n, y, x of xpad[n, s*y + i, s*x + j, c] * dy[n, y, x, c]. It runs as tinyevo's SIMD kernel
 * (simd/kernels.as.ts, depthwiseFilterGrad: one multiply-add per tap and 4 channels, accumulated in cache): the
 * MobileNetV2-style step fell from 823 to 584 ms with it. The composition below stays as the fallback when the SIMD
 * module is not built. For m batch items that is one
 * depthwise conv with m*C channels: input x as [1, H, W, m*C], filter dy as [Ho, Wo, m*C, 1], stride 1, dilation s,
 * giving [1, kh, kw, m*C]; then a sum over the m items. XNNPACK re-reads its whole filter for every output pixel, so
 * the batch is cut into chunks whose dy fits in cache (depthwiseFilterChunkBytes), each copied out with one memmove.
 * Measured here (median ms per call, shared 2-core machine), x=[64,32,32,32] k3 s1 / s2, forward 7.6 / 1.5:
 *   chunked (this) 44-53 / 11-15; the same conv on the whole batch (2048 channels) 116-126 / 34-40; im2col as a
 *   one-hot conv2d + batched matMul 79 / 26; one-hot depthwise im2col + mul + sum 517 / 56; per-tap strided slices
 *   181 / -; a plain JavaScript loop 68 / 18. x=[64,64,64,16] k3 s1: chunked 90, whole 209, im2col 140. Where the
 *   whole batch already fits in cache chunking changes nothing (16x16x96 k5 s1: 58 / 60; 8x8x256 k3 s1: 24 / 24),
 *   while im2col is 2-4x slower there. Budgets from 32 KB to 256 KB were within 5 %; 1 MB was slower for 32x32 inputs.
 */

/** Bytes of dy (XNNPACK's packed filter) per batch chunk of the filter-gradient depthwise conv. */
export const depthwiseFilterChunkBytes = 256 * 1024;

/** dW of batch items [n0, n0 + m), shape [rows, cols, C] (rows/cols as in `filterGradPads`). */
function chunkGrad(c: Composer, backend: KernelBackend, x: TensorInfo, dy: TensorInfo, g: ConvGeometry, p: FilterGradPads, n0: number, m: number): TensorInfo {
  const ch = m * g.inChannels;
  let xs = batchRange(c, backend, x, n0, m);
  let ds = batchRange(c, backend, dy, n0, m);
  if (m > 1) {
    // [m, H, W, C] -> [H, W, m, C], so that each (item, channel) pair is one depthwise channel.
    xs = c.transpose(xs, [1, 2, 0, 3]);
    ds = c.transpose(ds, [1, 2, 0, 3]);
  }
  const o = c.run('DepthwiseConv2dNative', { x: c.reshape(xs, [1, g.inHeight, g.inWidth, ch]), filter: c.reshape(ds, [g.outHeight, g.outWidth, ch, 1]) }, {
    strides: [1, 1], pad: p.pad, dataFormat: 'NHWC', dilations: [g.strideHeight, g.strideWidth], dimRoundingMode: undefined,
  });
  if (m === 1) return c.reshape(o, [p.rows, p.cols, g.inChannels]);
  return c.run('Sum', { x: c.reshape(o, [p.rows, p.cols, m, g.inChannels]) }, { axis: [2], keepDims: false });
}

const kernelFunc: KernelFunc = ({ inputs, attrs, backend }) => {
  const x = inputs.x as TensorInfo;
  const dy = inputs.dy as TensorInfo;
  // tfjs passes attributes as a generic map; this is the shape its own DepthwiseConv2dNativeBackpropFilter op sends.
  const a = attrs as unknown as DepthwiseConv2dNativeBackpropFilterAttrs;
  const fs = a.filterShape as [number, number, number, number];
  if (fs[3] !== 1) {
    throw new EngineError(`DepthwiseConv2dNativeBackpropFilter: depth multiplier must be 1 on the wasm backend; got ${fs[3]}. Use a 1x1 conv to widen, or backend 'cpu'.`);
  }
  const g = convGeometry('DepthwiseConv2dNativeBackpropFilter', x.shape, fs, a.strides, a.pad, a.dilations, undefined, a.dimRoundingMode, true);
  const simd = simdKernels(backend as KernelBackend);
  if (simd) {
    const out = (backend as BackendWasm).makeOutput(fs, 'float32');
    simd.depthwiseFilterGrad(heapAddress(backend, x), heapAddress(backend, dy), heapAddress(backend, out), g.batch, g.inHeight, g.inWidth, g.inChannels,
      g.outHeight, g.outWidth, g.filterHeight, g.filterWidth, g.strideHeight, g.strideWidth, g.padTop, g.padLeft);
    return out;
  }
  const p = filterGradPads(g);
  const nb = batchChunk(g.batch, g.outHeight * g.outWidth * g.inChannels * 4, depthwiseFilterChunkBytes);
  const kb = backend as KernelBackend;
  return compose(kb, (c) => {
    let acc = chunkGrad(c, kb, x, dy, g, p, 0, nb);
    for (let n0 = nb; n0 < g.batch; n0 += nb) {
      acc = c.run('Add', { a: acc, b: chunkGrad(c, kb, x, dy, g, p, n0, Math.min(nb, g.batch - n0)) });
    }
    if (p.rows > g.filterHeight || p.cols > g.filterWidth) {
      acc = c.run('Slice', { x: acc }, { begin: [0, 0, 0], size: [g.filterHeight, g.filterWidth, g.inChannels] });
    }
    return c.reshape(acc, fs);
  });
};

/**
 * DepthwiseConv2dNativeBackpropFilter for the wasm backend, which ships none: inputs x [N, H, W, C] and dy
 * [N, Ho, Wo, C], attribute filterShape [kh, kw, C, 1]; returns dW [kh, kw, C, 1] (float32). Strides, 'same',
 * 'valid' and explicit padding as in the forward op. Throws EngineError for a depth multiplier other than 1, a
 * dilation other than 1 or NCHW data.
 */
export const depthwiseConv2dNativeBackpropFilterConfig: KernelConfig = { kernelName: DepthwiseConv2dNativeBackpropFilter, backendName: 'wasm', kernelFunc };
