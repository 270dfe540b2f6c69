import { backend_util, type KernelBackend, type TensorInfo } from '@tensorflow/tfjs-core';
import { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { EngineError } from '../../errors.js';
import type { Composer } from './compose.js';

/** The geometry of one 2-D convolution (NHWC, dilation 1) as the gradient kernels need it. All sizes in elements. */
export interface ConvGeometry {
  readonly batch: number;
  readonly inHeight: number;
  readonly inWidth: number;
  readonly inChannels: number;
  readonly outHeight: number;
  readonly outWidth: number;
  readonly filterHeight: number;
  readonly filterWidth: number;
  readonly strideHeight: number;
  readonly strideWidth: number;
  readonly padTop: number;
  readonly padLeft: number;
}

type Pad = 'same' | 'valid' | number | backend_util.ExplicitPadding;

/**
 * Computes the forward geometry with tfjs' own rules (so 'same', a number or explicit padding pads exactly as the
 * forward kernel did) for input `xShape` [N, H, W, C] and filter `filterShape` [kh, kw, Ci, Co or multiplier].
 * Throws EngineError, naming the value, for what the gradient kernels do not support: dilation > 1 and NCHW.
 */
export function convGeometry(where: string, xShape: number[], filterShape: [number, number, number, number], strides: number | [number, number], pad: Pad,
  dilations: number | [number, number] | undefined, dataFormat: string | undefined, dimRoundingMode: 'floor' | 'round' | 'ceil' | undefined, depthwise: boolean): ConvGeometry {
  const d = dilations == null ? [1, 1] : typeof dilations === 'number' ? [dilations, dilations] : dilations;
  if (d[0] !== 1 || d[1] !== 1) {
    throw new EngineError(`${where}: dilation must be 1 on the wasm backend; got [${d.join(', ')}]. Use dilation 1 or backend 'cpu'.`);
  }
  if (dataFormat !== undefined && dataFormat !== 'NHWC' && dataFormat !== 'channelsLast') {
    throw new EngineError(`${where}: dataFormat must be NHWC on the wasm backend; got ${dataFormat}. Transpose the input to NHWC.`);
  }
  const info = backend_util.computeConv2DInfo(xShape as [number, number, number, number], filterShape, strides, 1, pad, dimRoundingMode, depthwise, 'channelsLast');
  return {
    batch: info.batchSize, inHeight: info.inHeight, inWidth: info.inWidth, inChannels: info.inChannels,
    outHeight: info.outHeight, outWidth: info.outWidth, filterHeight: info.filterHeight, filterWidth: info.filterWidth,
    strideHeight: info.strideHeight, strideWidth: info.strideWidth, padTop: info.padInfo.top, padLeft: info.padInfo.left,
  };
}

/** Explicit padding and output size of the forward conv that computes a filter gradient (see `filterGradPads`). */
export interface FilterGradPads {
  /** NHWC explicit padding [[0, 0], [top, bottom], [left, right], [0, 0]], all >= 0. */
  readonly pad: [[number, number], [number, number], [number, number], [number, number]];
  /** Output rows of that conv: filterHeight plus trailing rows for the caller to drop. */
  readonly rows: number;
  /** Output columns of that conv: filterWidth plus trailing columns for the caller to drop. */
  readonly cols: number;
}

/**
 * Padding for the filter-gradient identity dW[i, j] = sum over y, x of xpad[s*y + i, s*x + j] * dy[y, x], computed as
 * a stride-1 conv with dilation s and dy as the filter: the padded input must span filterHeight + s * (outHeight - 1)
 * rows. When the input is longer than that (rows no output reads, e.g. 'valid' or a 1x1 stride-2 conv), the bottom
 * pad stays 0 and the conv yields a few extra output rows that the caller drops: cropping the small output is
 * cheaper than cropping x, because tfjs' wasm Slice copies its whole input first. Same for columns.
 */
export function filterGradPads(g: ConvGeometry): FilterGradPads {
  const bottom = g.filterHeight + g.strideHeight * (g.outHeight - 1) - g.inHeight - g.padTop;
  const right = g.filterWidth + g.strideWidth * (g.outWidth - 1) - g.inWidth - g.padLeft;
  return {
    pad: [[0, 0], [g.padTop, Math.max(0, bottom)], [g.padLeft, Math.max(0, right)], [0, 0]],
    rows: g.filterHeight + Math.max(0, -bottom),
    cols: g.filterWidth + Math.max(0, -right),
  };
}

/**
 * How many batch items one chunk of a filter-gradient conv may hold so that the per-chunk filter (dy of those items,
 * `bytesPerItem` bytes each) stays within `budgetBytes`: at least 1, at most `batch`. XNNPACK re-reads the whole
 * filter for every output pixel, so a filter that fits in cache runs several times faster (see the kernels).
 */
export function batchChunk(batch: number, bytesPerItem: number, budgetBytes: number): number {
  return Math.max(1, Math.min(batch, Math.floor(budgetBytes / bytesPerItem)));
}

/**
 * Items [n0, n0 + m) of `x` along axis 0, copied inside the wasm heap with one memmove and owned by `c`. tfjs'
 * own Slice reads the whole input back first (5 ms to cut 1 MB out of 8 MB), which would make chunking pointless.
 * Returns `x` itself for the whole range, and needs the wasm backend for anything else.
 */
export function batchRange(c: Composer, backend: KernelBackend, x: TensorInfo, n0: number, m: number): TensorInfo {
  const n = x.shape[0] as number;
  if (n0 === 0 && m === n) return x;
  if (!(backend instanceof BackendWasm)) {
    throw new EngineError(`wasm gradient kernels: backend must be the wasm backend to split a batch; got ${backend.constructor.name}. Register the kernels for 'wasm' only.`);
  }
  const out = backend.makeOutput([m, ...x.shape.slice(1)], x.dtype);
  const inner = x.shape.slice(1).reduce((p, d) => p * d, 1);
  // Views are taken after makeOutput: an allocation may grow (and so replace) the heap's ArrayBuffer.
  backend.typedArrayFromHeap(out).set(backend.typedArrayFromHeap(x).subarray(n0 * inner, (n0 + m) * inner));
  // Reshape shares the data and is tracked by c; dropping our own reference leaves c the only owner.
  const owned = c.reshape(out, out.shape);
  backend.disposeData(out.dataId);
  return owned;
}
