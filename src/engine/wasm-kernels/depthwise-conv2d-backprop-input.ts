import { DepthwiseConv2dNativeBackpropInput, type DepthwiseConv2dNativeBackpropInputAttrs, type KernelBackend, type KernelConfig, type KernelFunc, type TensorInfo } from '@tensorflow/tfjs-core';
import { EngineError } from '../../errors.js';
import { compose } from './compose.js';
import { inputGradient } from './input-gradient.js';
import { convGeometry } from './padding.js';

/** dx of a depthwise conv: a stride-1 depthwise conv of the dilated dy with the reversed filter (`inputGradient`). */
const kernelFunc: KernelFunc = ({ inputs, attrs, backend }) => {
  const dy = inputs.dy as TensorInfo;
  const filter = inputs.filter as TensorInfo;
  const a = attrs as unknown as DepthwiseConv2dNativeBackpropInputAttrs;
  const fs = filter.shape as [number, number, number, number];
  if (fs[3] !== 1) {
    throw new EngineError(`DepthwiseConv2dNativeBackpropInput: depth multiplier must be 1 on the wasm backend; got ${fs[3]}. Use a 1x1 conv to widen, or backend 'cpu'.`);
  }
  const g = convGeometry('DepthwiseConv2dNativeBackpropInput', a.inputShape, fs, a.strides, a.pad, a.dilations, undefined, a.dimRoundingMode, true);
  return compose(backend as KernelBackend, (c) => inputGradient(c, dy, filter, g, true));
};

/** DepthwiseConv2dNativeBackpropInput for the wasm backend (depth multiplier 1). */
export const depthwiseConv2dNativeBackpropInputConfig: KernelConfig = { kernelName: DepthwiseConv2dNativeBackpropInput, backendName: 'wasm', kernelFunc };
