import type { GraphBuilder } from '../../../arch/builder.js';
import type { DenseBlock } from '../fields.js';
import { strided, type Tensor } from './tensor.js';

/**
 * A DenseNet block (Huang et al. 2017): each of `layers` layers is conv3x3 - BN - ReLU with `growth` filters over the
 * concat of the block input and all earlier layer outputs; a 1x1 conv - BN - ReLU transition over the concat of all
 * of them gives `channels`, then a 2x2 average pool when the stride is 2 (DenseNet's transition). Unlike DenseNet we
 * use post-activation (conv first), like the other blocks of this space.
 */
export function addDenseBlock(b: GraphBuilder, x: Tensor, block: DenseBlock, id: string): Tensor {
  const maps = [x.id];
  const cat = (name: string) => (maps.length === 1 ? x.id : b.concat([...maps], `${id}.${name}`));
  for (let l = 1; l <= block.layers; l++) {
    maps.push(b.convBnAct(cat(`cat${l}`), { filters: block.growth, kernel: 3, id: `${id}.l${l}` }));
  }
  let out = b.convBnAct(cat('cat'), { filters: block.channels, kernel: 1, id: `${id}.transition` });
  if (block.stride === 2) out = b.avgPool(out, { pool: 2, strides: 2, padding: 'same', id: `${id}.pool` });
  return strided(x, block.stride, out, block.channels);
}
