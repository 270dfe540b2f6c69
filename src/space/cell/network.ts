import { GraphBuilder } from '../../arch/builder.js';
import type { ArchGraph } from '../../arch/types.js';
import { addCell, type Tensor } from './cell.js';
import { cellEdges } from './genotype.js';
import type { CellConfig } from './options.js';

/**
 * The macro skeleton of a valid genome: a 3x3 conv + BN stem with `baseChannels`, then `stages` stages of `cells`
 * normal cells, a reduction cell (doubling the channels) before every stage but the first, then global average
 * pooling and a dense head. The first cell reads the stem as both c_{k-2} and c_{k-1}, as in DARTS.
 */
export function cellNetwork(genome: readonly number[], c: CellConfig): ArchGraph {
  const b = new GraphBuilder(c.inputShape);
  const [height, width] = c.inputShape as [number, number, number];
  const stem = b.batchNorm(b.conv2d(b.input, { filters: c.baseChannels, kernel: 3, useBias: false, id: 'stem.conv' }), { id: 'stem.bn' });
  let prev: Tensor = { id: stem, height, width, channels: c.baseChannels };
  let last = prev;
  const normal = cellEdges(genome, c.nodes, 0);
  const reduce = cellEdges(genome, c.nodes, 1);
  for (let s = 0; s < c.stages; s++) {
    const channels = c.baseChannels * 2 ** s;
    for (let i = s === 0 ? 1 : 0; i <= c.cells; i++) {
      const isReduce = i === 0;
      const next = addCell(b, prev, last, isReduce ? reduce : normal, isReduce, channels, isReduce ? `r${s}` : `s${s + 1}.c${i}`);
      prev = last;
      last = next;
    }
  }
  b.dense(b.globalAvgPool(last.id, 'gap'), c.classes, { id: 'classifier' });
  return b.build();
}
