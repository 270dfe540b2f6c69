import { GraphBuilder } from '../../arch/builder.js';
import type { ArchGraph } from '../../arch/types.js';
import { bitsPerStage } from './encoding.js';
import type { MultiBranchConfig } from './options.js';
import { addStage } from './stage.js';

/**
 * The Genetic CNN network of a valid genome: stages of `nodesPerStage` conv nodes (channels doubling from
 * `baseChannels`), 2x2 max pooling between stages, then global average pooling and a dense head.
 */
export function multiBranchNetwork(genome: readonly number[], c: MultiBranchConfig): ArchGraph {
  const b = new GraphBuilder(c.inputShape);
  const per = bitsPerStage(c.nodesPerStage);
  let x = b.input;
  for (let s = 0; s < c.stages; s++) {
    if (s > 0) x = b.maxPool(x, { pool: 2, strides: 2, padding: 'valid', id: `pool${s}` });
    const bits = genome.slice(s * per, (s + 1) * per);
    x = addStage(b, x, bits, c.nodesPerStage, c.baseChannels * 2 ** s, `s${s + 1}`);
  }
  b.dense(b.globalAvgPool(x, 'gap'), c.classes, { id: 'classifier' });
  return b.build();
}
