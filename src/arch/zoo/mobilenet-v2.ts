import { GraphBuilder } from '../builder.js';
import type { ArchGraph } from '../types.js';

/** One inverted-residual block of MobileNetV2 (Sandler et al. 2018): expand 1x1, depthwise 3x3, project 1x1. */
export interface InvertedResidual { readonly expand: number; readonly out: number; readonly stride: 1 | 2 }

/**
 * A small MobileNetV2-style net for 32x32x3 inputs: a 3x3 stem (16), inverted-residual blocks with ReLU6 and a
 * residual add where the shape allows, a 1x1 head conv, global average pool, dense. The default has 4 blocks.
 */
export function mobileNetV2(options: { blocks?: readonly InvertedResidual[]; stem?: number; head?: number; classes?: number } = {}): ArchGraph {
  const blocks = options.blocks ?? [
    { expand: 1, out: 16, stride: 1 }, { expand: 6, out: 24, stride: 2 },
    { expand: 6, out: 24, stride: 1 }, { expand: 6, out: 32, stride: 2 },
  ];
  const b = new GraphBuilder([32, 32, 3]);
  let x = b.convBnAct(b.input, { filters: options.stem ?? 16, id: 'stem' }, 'relu6');
  let channels = options.stem ?? 16;
  blocks.forEach((blk, i) => {
    const id = `b${i + 1}`;
    let y = x;
    if (blk.expand !== 1) y = b.convBnAct(y, { filters: channels * blk.expand, kernel: 1, id: `${id}.expand` }, 'relu6');
    y = b.dwBnAct(y, { strides: blk.stride, id: `${id}.dw` }, 'relu6');
    const p = b.conv2d(y, { filters: blk.out, kernel: 1, useBias: false, id: `${id}.project.conv` });
    y = b.batchNorm(p, { id: `${id}.project.bn` });
    x = blk.stride === 1 && blk.out === channels ? b.add([x, y], `${id}.add`) : y;
    channels = blk.out;
  });
  x = b.convBnAct(x, { filters: options.head ?? 128, kernel: 1, id: 'head' }, 'relu6');
  x = b.globalAvgPool(x, 'pool');
  b.dense(x, options.classes ?? 10, { id: 'logits' });
  return b.build();
}
