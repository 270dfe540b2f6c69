import { GraphBuilder } from '../../../src/arch/builder.js';
import type { ArchGraph } from '../../../src/arch/types.js';
import type { Rng } from '../../../src/util/rng.js';

interface Cursor { id: string; channels: number; size: number }

/** 1-3 ops (depthwise, max pool, conv), re-projected by a 1x1 conv when they do not end with `channels` channels. */
function branch(b: GraphBuilder, rng: Rng, from: Cursor, channels: number): string {
  let x = from.id;
  let c = from.channels;
  const depth = rng.int(1, 3);
  for (let i = 0; i < depth; i++) {
    const k = rng.int(0, 3);
    if (k === 0) x = b.dwBnAct(x, { kernel: rng.pick([3, 5]) });
    else if (k === 1) x = b.maxPool(x, { pool: 3, strides: 1, padding: 'same' });
    else {
      c = i === depth - 1 ? channels : rng.int(2, 24);
      x = b.convBnAct(x, { filters: c, kernel: rng.pick([1, 3]) });
    }
  }
  return c === channels ? x : b.conv2d(x, { filters: channels, kernel: 1 });
}

function block(b: GraphBuilder, rng: Rng, x: Cursor): Cursor {
  const type = rng.int(0, 2);
  if (type === 0) {
    const stride = x.size >= 8 && rng.int(0, 2) === 0 ? 2 : 1;
    const channels = rng.int(4, 32);
    return { id: b.convBnAct(x.id, { filters: channels, kernel: rng.pick([1, 3]), strides: stride }), channels, size: Math.ceil(x.size / stride) };
  }
  if (type === 1) {
    const y = b.convBnAct(x.id, { filters: rng.int(4, 32), kernel: 3 });
    const z = b.batchNorm(b.conv2d(y, { filters: x.channels, kernel: rng.pick([1, 3]), useBias: false }));
    return { id: b.activation(b.add([x.id, z]), 'relu'), channels: x.channels, size: x.size };
  }
  const n = rng.int(2, 4);
  const useAdd = rng.int(0, 1) === 0;
  const widths = Array.from({ length: n }, () => (useAdd ? x.channels : rng.int(2, 24)));
  const outs = widths.map((w) => branch(b, rng, x, w));
  return useAdd ? { id: b.add(outs), channels: x.channels, size: x.size } : { id: b.concat(outs), channels: widths.reduce((s, w) => s + w, 0), size: x.size };
}

/**
 * A random multi-branch CNN for property tests: chain blocks (conv-BN-ReLU, sometimes strided), residual blocks
 * (conv, conv-BN, add, ReLU) and inception-like blocks (2-4 branches of 1-3 conv/depthwise/pool ops merged by
 * add or concat), then global pooling and a dense head. Deterministic in `rng`.
 */
export function randomMultiBranchGraph(rng: Rng, blocks = rng.int(2, 6)): ArchGraph {
  const size = rng.pick([8, 12, 16]);
  const channels = rng.int(1, 8);
  const b = new GraphBuilder([size, size, channels]);
  let x: Cursor = { id: b.input, channels, size };
  for (let i = 0; i < blocks; i++) x = block(b, rng, x);
  b.dense(b.globalAvgPool(x.id), rng.int(2, 10));
  return b.build();
}
