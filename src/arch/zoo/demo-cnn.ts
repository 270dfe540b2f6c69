import { GraphBuilder } from '../builder.js';
import type { ArchGraph } from '../types.js';

/**
 * The small CNN of `tinyevo train-demo`, for 28x28x1 digits: conv-BN-ReLU-pool twice (16, 32 filters), a third conv
 * (32) and a dense head over the flattened 7x7 map (position matters for digits; a global pool loses it).
 */
export function demoCnn(options: { classes?: number; inputShape?: readonly [number, number, number] } = {}): ArchGraph {
  const b = new GraphBuilder(options.inputShape ?? [28, 28, 1]);
  let x = b.convBnAct(b.input, { filters: 16, kernel: 3, id: 'c1' });
  x = b.maxPool(x, { pool: 2, id: 'p1' });
  x = b.convBnAct(x, { filters: 32, kernel: 3, id: 'c2' });
  x = b.maxPool(x, { pool: 2, id: 'p2' });
  x = b.convBnAct(x, { filters: 32, kernel: 3, id: 'c3' });
  x = b.flatten(x, 'flatten');
  b.dense(x, options.classes ?? 10, { id: 'logits' });
  return b.build();
}
