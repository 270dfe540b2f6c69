import type { GraphBuilder } from '../../../arch/builder.js';
import type { ResBlock } from '../fields.js';
import { strided, type Tensor } from './tensor.js';

/**
 * A ResNet basic block (He et al. 2016): conv3x3 (stride s) - BN - ReLU - conv3x3 - BN, plus the input, or a 1x1
 * conv (stride s) + BN projection of it when the stride or the channels change; ReLU after the add.
 */
export function addResBlock(b: GraphBuilder, x: Tensor, block: ResBlock, id: string): Tensor {
  const { stride, channels } = block;
  const a = b.convBnAct(x.id, { filters: channels, kernel: 3, strides: stride, id: `${id}.a` });
  const c = b.batchNorm(b.conv2d(a, { filters: channels, kernel: 3, useBias: false, id: `${id}.b.conv` }), { id: `${id}.b.bn` });
  let shortcut = x.id;
  if (stride !== 1 || channels !== x.channels) {
    const p = b.conv2d(x.id, { filters: channels, kernel: 1, strides: stride, useBias: false, id: `${id}.proj.conv` });
    shortcut = b.batchNorm(p, { id: `${id}.proj.bn` });
  }
  const out = b.activation(b.add([c, shortcut], `${id}.add`), 'relu', `${id}.relu`);
  return strided(x, stride, out, channels);
}
