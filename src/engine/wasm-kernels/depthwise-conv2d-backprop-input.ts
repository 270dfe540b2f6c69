import { DepthwiseConv2dNativeBackpropInput, type DepthwiseConv2dNativeBackpropInputAttrs, type KernelBackend, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { EngineError } from '../../errors.js';
import { compose, type Composer } from './compose.js';
import { inputGradient } from './input-gradient.js';
import { convGeometry, type ConvGeometry } from './padding.js';
import { heapAddress, simdKernels } from './simd/index.js';

/*
 * dx of a depthwise conv is the full correlation of dy, dilated by the stride, with the spatially reversed filter: a
 * stride-1 depthwise conv (XNNPACK) padded kh-1-top rows on top and whatever makes the output exactly H rows at the
 * bottom; same for columns. The dilation is one pad of dy seen as [N, Ho, 1, Wo, 1, C] to [N, Ho, s, Wo, s, C]: that
 * leaves s-1 trailing zero rows, which are taken off the bottom padding instead of sliced away (tfjs' wasm Slice
 * copies its whole input first). Measured here, x=[64,32,32,32] k3 s2: 10 ms this way, 17 ms with the slice; s1:
 * 7.5 ms (forward 7.6 / 1.5 ms). Only when the bottom padding would go negative (e.g. 1x1 stride 2 on odd sizes)
 * does it fall back to `inputGradient`, which slices.
 */
function fullDilationGradient(c: Composer, dy: TensorInfo, filter: TensorInfo, g: ConvGeometry): TensorInfo | undefined {
  const [sh, sw] = [g.strideHeight, g.strideWidth];
  const top = g.filterHeight - 1 - g.padTop;
  const left = g.filterWidth - 1 - g.padLeft;
  const bottom = g.inHeight - sh * g.outHeight + g.padTop;
  const right = g.inWidth - sw * g.outWidth + g.padLeft;
  if (bottom < 0 || right < 0) return undefined;
  let d = dy;
  if (sh > 1 || sw > 1) {
    const six = c.reshape(dy, [g.batch, g.outHeight, 1, g.outWidth, 1, g.inChannels]);
    const padded = c.run('PadV2', { x: six }, { paddings: [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]], constantValue: 0 });
    d = c.reshape(padded, [g.batch, sh * g.outHeight, sw * g.outWidth, g.inChannels]);
  }
  const reversed = c.run('Reverse', { x: filter }, { dims: [0, 1] });
  return c.run('DepthwiseConv2dNative', { x: d, filter: reversed }, {
    strides: [1, 1], pad: [[0, 0], [top, bottom], [left, right], [0, 0]], dataFormat: 'NHWC', dilations: [1, 1], dimRoundingMode: undefined,
  });
}

const kernelFunc: KernelFunc = ({ inputs, attrs, backend }) => {
  const dy = inputs.dy as TensorInfo;
  const filter = inputs.filter as TensorInfo;
  // tfjs passes attributes as a generic map; this is the shape its own DepthwiseConv2dNativeBackpropInput op sends.
  const a = attrs as unknown as DepthwiseConv2dNativeBackpropInputAttrs;
  const fs = filter.shape as [number, number, number, number];
  if (fs[3] !== 1) {
    throw new EngineError(`DepthwiseConv2dNativeBackpropInput: depth multiplier must be 1 on the wasm backend; got ${fs[3]}. Use a 1x1 conv to widen, or backend 'cpu'.`);
  }
  const g = convGeometry('DepthwiseConv2dNativeBackpropInput', a.inputShape, fs, a.strides, a.pad, a.dilations, undefined, a.dimRoundingMode, true);
  // Strided: tinyevo's SIMD scatter (the composition below convolves a zero-dilated dy, 4x the work at stride 2;
  // measured 7.3 ms against 1.7 ms for the forward pass on [64,32,32,32] k3 s2). Stride 1 stays on XNNPACK.
  const simd = g.strideHeight > 1 || g.strideWidth > 1 ? simdKernels(backend as KernelBackend) : null;
  if (simd) {
    const dx = (backend as BackendWasm).makeOutput(a.inputShape, 'float32');
    simd.depthwiseInputGrad(heapAddress(backend, dy), heapAddress(backend, filter), heapAddress(backend, dx), g.batch, g.inHeight, g.inWidth, g.inChannels,
      g.outHeight, g.outWidth, g.filterHeight, g.filterWidth, g.strideHeight, g.strideWidth, g.padTop, g.padLeft);
    return dx;
  }
  return compose(backend as KernelBackend, (c) => fullDilationGradient(c, dy, filter, g) ?? inputGradient(c, dy, filter, g, true));
};

/**
 * DepthwiseConv2dNativeBackpropInput for the wasm backend, which ships none: inputs dy [N, Ho, Wo, C] and filter
 * [kh, kw, C, 1], attribute inputShape [N, H, W, C]; returns dx [N, H, W, C] (float32). Strides, 'same', 'valid'
 * and explicit padding as in the forward op. Throws EngineError for a depth multiplier other than 1, a dilation
 * other than 1 or NCHW data.
 */
export const depthwiseConv2dNativeBackpropInputConfig: KernelConfig = { kernelName: DepthwiseConv2dNativeBackpropInput, backendName: 'wasm', kernelFunc };
