import { GraphBuilder } from '../builder.js';
import type { ArchGraph } from '../types.js';

/** One inverted-residual block of MobileNetV2 (Sandler et al. 2018): expand 1x1, depthwise 3x3, project 1x1. */
export interface InvertedResidual { readonly expand: number; readonly out: number; readonly stride: 1 | 2 }

/**
 * A small MobileNetV2-style net for 32x32x3 inputs: a 3x3 stem (16), inverted-residual blocks with ReLU6 and a
 * residual add where the shape allows, a 1x1 head conv, global average pool, dense. The default has 4 blocks.
 */
export function mobileNetV2(options: { blocks?: readonly InvertedResidual[]; stem?: number; head?: number; classes?: number; inputShape?: readonly [number, number, number]; stemStride?: 1 | 2 } = {}): ArchGraph {
  const blocks = options.blocks ?? [
    { expand: 1, out: 16, stride: 1 }, { expand: 6, out: 24, stride: 2 },
    { expand: 6, out: 24, stride: 1 }, { expand: 6, out: 32, stride: 2 },
  ];
  const b = new GraphBuilder(options.inputShape ?? [32, 32, 3]);
  let x = b.convBnAct(b.input, { filters: options.stem ?? 16, strides: options.stemStride ?? 1, id: 'stem' }, 'relu6');
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

/** The (expansion, channels, repeats, stride) table of MobileNetV2 (Sandler et al. 2018, Table 2). */
const MOBILENET_V2_TABLE: readonly [number, number, number, 1 | 2][] = [
  [1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 3, 2], [6, 64, 4, 2], [6, 96, 3, 1], [6, 160, 3, 2], [6, 320, 1, 1],
];

/**
 * The full MobileNetV2 at a width multiplier (channels rounded to multiples of 8, the 1280-channel head kept, as in
 * the paper for widths below 1). Default: width 0.35 on 96x96x3 inputs with 2 classes, the usual visual-wake-words
 * baseline on MCUs.
 */
export function mobileNetV2Full(options: { width?: number; inputShape?: readonly [number, number, number]; classes?: number } = {}): ArchGraph {
  const width = options.width ?? 0.35;
  // Channel rounding of the reference implementation: nearest multiple of 8, but never 10% below the scaled value.
  const ch = (c: number) => {
    const v = c * width;
    const r = Math.max(8, Math.floor((v + 4) / 8) * 8);
    return r < 0.9 * v ? r + 8 : r;
  };
  const blocks = MOBILENET_V2_TABLE.flatMap(([expand, c, n, s]) => Array.from({ length: n }, (_, i) => ({ expand, out: ch(c), stride: (i === 0 ? s : 1) as 1 | 2 })));
  return mobileNetV2({ blocks, stem: ch(32), stemStride: 2, head: 1280, classes: options.classes ?? 2, inputShape: options.inputShape ?? [96, 96, 3] });
}
