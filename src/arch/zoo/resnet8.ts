import { GraphBuilder } from '../builder.js';
import type { ArchGraph } from '../types.js';

/**
 * MLPerf Tiny image-classification ResNet-8 ("resnet_v1_eembc", 16/32/64 filters): a 3x3 stem, three residual
 * stacks (the 2nd and 3rd downsample with a 1x1/2 projection), global average pool, dense. Input 32x32x3.
 */
export function resnet8(options: { widths?: readonly [number, number, number]; classes?: number } = {}): ArchGraph {
  const widths = options.widths ?? [16, 32, 64];
  const b = new GraphBuilder([32, 32, 3]);
  let x = b.convBnAct(b.input, { filters: widths[0], id: 'stem' });
  widths.forEach((w, i) => {
    const stride = i === 0 ? 1 : 2;
    const y = b.convBnAct(x, { filters: w, strides: stride, id: `s${i + 1}.a` });
    const c = b.conv2d(y, { filters: w, useBias: false, id: `s${i + 1}.b.conv` });
    const z = b.batchNorm(c, { id: `s${i + 1}.b.bn` });
    const skip = stride === 1 ? x : b.conv2d(x, { filters: w, kernel: 1, strides: stride, id: `s${i + 1}.proj` });
    x = b.activation(b.add([z, skip], `s${i + 1}.add`), 'relu', `s${i + 1}.relu`);
  });
  x = b.globalAvgPool(x, 'pool');
  b.dense(x, options.classes ?? 10, { id: 'logits' });
  return b.build();
}
