import { GraphBuilder } from '../../arch/builder.js';
import type { ArchGraph } from '../../arch/types.js';
import { addConvBlock } from './blocks/conv.js';
import { addDenseBlock } from './blocks/dense.js';
import { addMBConvBlock } from './blocks/mbconv.js';
import { addResBlock } from './blocks/res.js';
import type { Tensor } from './blocks/tensor.js';
import type { Block } from './fields.js';
import type { BlockConfig } from './options.js';

function addBlock(b: GraphBuilder, x: Tensor, block: Block, id: string): Tensor {
  switch (block.type) {
    case 'conv': return addConvBlock(b, x, block, id);
    case 'res': return addResBlock(b, x, block, id);
    case 'dense': return addDenseBlock(b, x, block, id);
    case 'mbconv': return addMBConvBlock(b, x, block, id);
  }
}

/** The network of a valid block list: the blocks in order (ids b1, b2, ...), then global average pooling and dense. */
export function blockNetwork(blocks: readonly Block[], config: BlockConfig): ArchGraph {
  const b = new GraphBuilder(config.inputShape);
  const [height, width, channels] = config.inputShape as [number, number, number];
  let x: Tensor = { id: b.input, height, width, channels };
  blocks.forEach((block, i) => {
    x = addBlock(b, x, block, `b${i + 1}`);
  });
  b.dense(b.globalAvgPool(x.id, 'gap'), config.classes, { id: 'classifier' });
  return b.build();
}
