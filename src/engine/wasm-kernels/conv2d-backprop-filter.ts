import { Conv2DBackpropFilter, type Conv2DBackpropFilterAttrs, type KernelBackend, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { compose, type Composer } from './compose.js';
import { batchChunk, batchRange, convGeometry, filterGradPads, type ConvGeometry, type FilterGradPads } from './padding.js';
import { heapAddress, simdKernels } from './simd/index.js';

/*
 * dW[i, j, ci, co] = sum over n, y, x of xpad[n, s*y + i, s*x + j, ci] * dy[n, y, x, co]. It runs as tinyevo's SIMD
 * kernel (simd/kernels.as.ts, convFilterGrad): ResNet-8's nine filter gradients took 131 ms per step composed as
 * below, 63 ms as that kernel. The composition stays as the fallback when the SIMD module is not built:
 * the sum is itself a forward conv with
 * input x transposed to [Ci, H, W, N] (batch Ci, channels N), filter dy transposed to [Ho, Wo, N, Co], stride 1 and
 * dilation s, padded so that the output is [Ci, kh, kw, Co]; then a transpose to [kh, kw, Ci, Co]. It runs as
 * XNNPACK's conv. The batch is cut into chunks whose dy (XNNPACK's packed filter) stays within 1 MB, and the chunk
 * results are added. Measured here (median ms per call, shared 2-core machine):
 *   x=[64,32,32,16]->32 k3 s1: 45-50 chunked or whole batch alike, 121 for im2col (strided slices + concat +
 *   matMul); forward 22. x=[64,16,16,64]->64 k3 s2 fits one chunk: 22; forward 9. Chunking pays for k5
 *   (x=[64,32,32,16]->32: 83 against 100) and few input channels (x=[64,28,28,1]->16: 5.7 against 7.9); budgets of
 *   64-256 KB were slower, 2 MB no better.
 * A 1x1 stride-1 conv is a plain matMul, dW = x^T dy over the N*H*W rows: 29 ms against 75 ms for the conv identity
 * on x=[64,32,32,16]->96. Transposing the operand with more channels and letting XNNPACK pack the other as its
 * weights was the faster order in each of four shapes measured.
 */

/** Bytes of dy (XNNPACK's packed filter) per batch chunk of the filter-gradient conv. */
export const conv2dFilterChunkBytes = 1024 * 1024;

function pointwise(c: Composer, x: TensorInfo, dy: TensorInfo, fs: [number, number, number, number]): TensorInfo {
  const [ci, co] = [fs[2], fs[3]];
  const m = (x.shape[0] as number) * (x.shape[1] as number) * (x.shape[2] as number);
  const x2 = c.reshape(x, [m, ci]);
  const d2 = c.reshape(dy, [m, co]);
  const mm = (a: TensorInfo, b: TensorInfo) => c.run('BatchMatMul', { a, b }, { transposeA: false, transposeB: false });
  const w = ci >= co ? mm(c.transpose(x2, [1, 0]), d2) : c.transpose(mm(c.transpose(d2, [1, 0]), x2), [1, 0]);
  return c.reshape(w, fs);
}

/** dW of batch items [n0, n0 + m) in the conv's own layout [Ci, rows, cols, Co] (rows/cols as in `filterGradPads`). */
function chunkGrad(c: Composer, backend: KernelBackend, x: TensorInfo, dy: TensorInfo, g: ConvGeometry, p: FilterGradPads, n0: number, m: number): TensorInfo {
  const xt = c.transpose(batchRange(c, backend, x, n0, m), [3, 1, 2, 0]);
  const f = c.transpose(batchRange(c, backend, dy, n0, m), [1, 2, 0, 3]);
  return c.run('Conv2D', { x: xt, filter: f }, {
    strides: [1, 1], pad: p.pad, dataFormat: 'NHWC', dilations: [g.strideHeight, g.strideWidth], dimRoundingMode: undefined,
  });
}

const kernelFunc: KernelFunc = ({ inputs, attrs, backend }) => {
  const x = inputs.x as TensorInfo;
  const dy = inputs.dy as TensorInfo;
  // tfjs passes attributes as a generic map; this is the shape its own Conv2DBackpropFilter op sends.
  const a = attrs as unknown as Conv2DBackpropFilterAttrs;
  const fs = a.filterShape as [number, number, number, number];
  const g = convGeometry('Conv2DBackpropFilter', x.shape, fs, a.strides, a.pad, undefined, a.dataFormat, a.dimRoundingMode, false);
  const kb = backend as KernelBackend;
  const simd = simdKernels(kb);
  if (simd) {
    const out = (backend as BackendWasm).makeOutput(fs, 'float32');
    simd.convFilterGrad(heapAddress(backend, x), heapAddress(backend, dy), heapAddress(backend, out), g.batch, g.inHeight, g.inWidth, g.inChannels,
      g.outHeight, g.outWidth, fs[3], g.filterHeight, g.filterWidth, g.strideHeight, g.strideWidth, g.padTop, g.padLeft);
    return out;
  }
  if (fs[0] === 1 && fs[1] === 1 && g.strideHeight === 1 && g.strideWidth === 1) {
    return compose(kb, (c) => pointwise(c, x, dy, fs));
  }
  const p = filterGradPads(g);
  const nb = batchChunk(g.batch, g.outHeight * g.outWidth * fs[3] * 4, conv2dFilterChunkBytes);
  return compose(kb, (c) => {
    let acc = chunkGrad(c, kb, x, dy, g, p, 0, nb);
    for (let n0 = nb; n0 < g.batch; n0 += nb) {
      acc = c.run('Add', { a: acc, b: chunkGrad(c, kb, x, dy, g, p, n0, Math.min(nb, g.batch - n0)) });
    }
    if (p.rows > g.filterHeight || p.cols > g.filterWidth) {
      acc = c.run('Slice', { x: acc }, { begin: [0, 0, 0, 0], size: [g.inChannels, g.filterHeight, g.filterWidth, fs[3]] });
    }
    return c.transpose(acc, [1, 2, 0, 3]);
  });
};

/**
 * Conv2DBackpropFilter for the wasm backend, which ships none: inputs x [N, H, W, Ci] and dy [N, Ho, Wo, Co],
 * attribute filterShape [kh, kw, Ci, Co]; returns dW [kh, kw, Ci, Co] (float32). Strides, 'same', 'valid' and
 * explicit padding as in the forward op. Throws EngineError for NCHW data.
 */
export const conv2DBackpropFilterConfig: KernelConfig = { kernelName: Conv2DBackpropFilter, backendName: 'wasm', kernelFunc };
