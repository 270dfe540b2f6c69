import { GraphBuilder } from '../builder.js';
import type { ArchGraph } from '../types.js';

/**
 * MobileNetV1 (Howard et al. 2017) as in MLPerf Tiny visual wake words: width 0.25, 96x96x3 input, a 3x3/2 stem and
 * 13 depthwise-separable blocks (stride 2 at blocks 2, 4, 6 and 12), global average pool, dense (2 classes).
 */
export function mobileNetV1(options: { alpha?: number; inputShape?: readonly [number, number, number]; classes?: number } = {}): ArchGraph {
  const alpha = options.alpha ?? 0.25;
  const ch = (c: number) => Math.max(8, Math.round(c * alpha));
  const b = new GraphBuilder(options.inputShape ?? [96, 96, 3]);
  let x = b.convBnAct(b.input, { filters: ch(32), kernel: 3, strides: 2, id: 'stem' });
  const plan: [number, 1 | 2][] = [[64, 1], [128, 2], [128, 1], [256, 2], [256, 1], [512, 2], [512, 1], [512, 1], [512, 1], [512, 1], [512, 1], [1024, 2], [1024, 1]];
  plan.forEach(([filters, stride], i) => {
    x = b.dwBnAct(x, { kernel: 3, strides: stride, id: `b${i + 1}.dw` });
    x = b.convBnAct(x, { filters: ch(filters), kernel: 1, id: `b${i + 1}.pw` });
  });
  x = b.globalAvgPool(x, 'pool');
  b.dense(x, options.classes ?? 2, { id: 'logits' });
  return b.build();
}
