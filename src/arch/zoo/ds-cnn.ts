import { GraphBuilder } from '../builder.js';
import type { ArchGraph } from '../types.js';

/**
 * MLPerf Tiny keyword-spotting DS-CNN (Banbury et al. 2021): conv 10x4/2 (64) then four depthwise-separable
 * blocks, average pool over the 25x5 map, dense. Input 49x10x1 MFCCs; 12 classes by default.
 */
export function dsCnn(options: { filters?: number; classes?: number; inputShape?: readonly [number, number, number] } = {}): ArchGraph {
  const filters = options.filters ?? 64;
  const b = new GraphBuilder(options.inputShape ?? [49, 10, 1]);
  let x = b.convBnAct(b.input, { filters, kernel: [10, 4], strides: 2, id: 'stem' });
  for (let i = 1; i <= 4; i++) {
    x = b.dwBnAct(x, { kernel: 3, id: `b${i}.dw` });
    x = b.convBnAct(x, { filters, kernel: 1, id: `b${i}.pw` });
  }
  x = b.globalAvgPool(x, 'pool');
  b.dense(x, options.classes ?? 12, { id: 'logits' });
  return b.build();
}
