import type { GraphBuilder } from '../../../arch/builder.js';
import type { ConvBlock } from '../fields.js';
import { strided, type Tensor } from './tensor.js';

/** conv k x k (no bias, 'same') - BN - ReLU. */
export function addConvBlock(b: GraphBuilder, x: Tensor, block: ConvBlock, id: string): Tensor {
  const out = b.convBnAct(x.id, { filters: block.channels, kernel: block.kernel, strides: block.stride, id });
  return strided(x, block.stride, out, block.channels);
}
