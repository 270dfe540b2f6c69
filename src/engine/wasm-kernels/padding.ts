import { backend_util } from '@tensorflow/tfjs-core';
import { EngineError } from '../../errors.js';

/** The geometry of one 2-D convolution as the gradient kernels need it. */
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
 * Computes the forward geometry with tfjs' own rules (so 'same' pads exactly as the forward kernel did) and rejects
 * what the gradient kernels do not support: dilation > 1 and NCHW. Throws EngineError naming the value.
 */
export function convGeometry(where: string, xShape: number[], filterShape: [number, number, number, number], strides: number | [number, number], pad: Pad,
  dilations: number | [number, number] | undefined, dataFormat: string | undefined, dimRoundingMode: 'floor' | 'round' | 'ceil' | undefined, depthwise: boolean): ConvGeometry {
  const d = dilations === undefined ? [1, 1] : typeof dilations === 'number' ? [dilations, dilations] : dilations;
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

/**
 * Explicit padding for the filter-gradient identity: the input, padded by (top, bottom) rows, must span exactly
 * filterHeight + stride * (outHeight - 1) rows. Returns the bottom/right pads and how many trailing input rows/columns
 * to drop when that span ends inside the input (rows no output reads).
 */
export function filterGradPads(g: ConvGeometry): { bottom: number; right: number; cropRows: number; cropCols: number } {
  const bottom = g.filterHeight + g.strideHeight * (g.outHeight - 1) - g.inHeight - g.padTop;
  const right = g.filterWidth + g.strideWidth * (g.outWidth - 1) - g.inWidth - g.padLeft;
  return { bottom: Math.max(0, bottom), right: Math.max(0, right), cropRows: Math.max(0, -bottom), cropCols: Math.max(0, -right) };
}
