import type { DeployOp } from '../lowering/types.js';

// Scratch sizes of the CMSIS-NN s8 kernels as TFLite Micro requests them (the *_get_buffer_size functions of the
// DSP build: Cortex-M4/M7/M33). MVE builds (M55/M85) differ slightly; we use the DSP figures for every core.

/** arm_convolve_wrapper_s8: 1x1 kernels need none; otherwise two im2col columns of int16: 2 x kh x kw x cin x 2 B. */
function convScratch(op: DeployOp): number {
  if (op.node.kind !== 'conv2d') return 0;
  const a = op.node.attrs;
  if (a.kernel[0] === 1 && a.kernel[1] === 1 && a.dilation[0] === 1 && a.dilation[1] === 1) return 0;
  const cin = ((op.inputShapes[0] as readonly number[])[2] as number) / a.groups;
  return 2 * a.kernel[0] * a.kernel[1] * cin * 2;
}

/** arm_depthwise_conv_wrapper_s8: 3x3 (padding <= 1, always so for 'same'/'valid') needs none; other multiplier-1 cases kh x kw x C x 2 B. */
function depthwiseScratch(op: DeployOp): number {
  if (op.node.kind !== 'depthwiseConv2d') return 0;
  const a = op.node.attrs;
  if (a.depthMultiplier !== 1) return 0;
  if (a.kernel[0] === 3 && a.kernel[1] === 3) return 0;
  return a.kernel[0] * a.kernel[1] * ((op.inputShapes[0] as readonly number[])[2] as number) * 2;
}

/** Average pooling keeps int32 sums for one output row (arm_avgpool_s8: out width x C x 4 B); a global mean, C x 4 B. */
function poolScratch(op: DeployOp): number {
  if (op.node.kind === 'avgPool') return ((op.node.shape[1] as number) * (op.node.shape[2] as number)) * 4;
  if (op.node.kind === 'globalAvgPool') return (op.node.shape[0] as number) * 4;
  return 0;
}

/** Scratch bytes CMSIS-NN (and tinyevo's C, which calls the same kernels) needs while `op` runs. */
export function cmsisScratchBytes(op: DeployOp): number {
  return convScratch(op) + depthwiseScratch(op) + poolScratch(op);
}

/** Scratch bytes of TFLite Micro's reference kernels: none, except the int32 sums of a global mean (C x 4 B). */
export function referenceScratchBytes(op: DeployOp): number {
  return op.node.kind === 'globalAvgPool' ? (op.node.shape[0] as number) * 4 : 0;
}
