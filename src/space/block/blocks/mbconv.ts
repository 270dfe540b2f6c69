import type { GraphBuilder } from '../../../arch/builder.js';
import type { MBConvBlock } from '../fields.js';
import { strided, type Tensor } from './tensor.js';

/**
 * A MobileNetV2 inverted residual (Sandler et al. 2018): 1x1 expand to `expand` x the input channels - BN - ReLU6
 * (left out when expand = 1), depthwise k x k (stride s) - BN - ReLU6, 1x1 project - BN, and the input added when the
 * stride is 1 and the channels match. The project conv sets the output channels, so no shortcut projection is needed.
 */
export function addMBConvBlock(b: GraphBuilder, x: Tensor, block: MBConvBlock, id: string): Tensor {
  let y = x.id;
  if (block.expand !== 1) y = b.convBnAct(y, { filters: x.channels * block.expand, kernel: 1, id: `${id}.expand` }, 'relu6');
  y = b.dwBnAct(y, { kernel: block.kernel, strides: block.stride, id: `${id}.dw` }, 'relu6');
  const p = b.conv2d(y, { filters: block.channels, kernel: 1, useBias: false, id: `${id}.project.conv` });
  y = b.batchNorm(p, { id: `${id}.project.bn` });
  if (block.stride === 1 && block.channels === x.channels) y = b.add([x.id, y], `${id}.add`);
  return strided(x, block.stride, y, block.channels);
}
