import { GraphBuilder } from '../../arch/builder.js';
import type { ArchGraph } from '../../arch/types.js';
import { NB201_EDGES, NB201_OPS } from './cell.js';

/** The datasets of NAS-Bench-201 with their classes and input sizes. */
export const NB201_DATASETS = {
  cifar10: { classes: 10, size: 32 },
  cifar100: { classes: 100, size: 32 },
  'imagenet16-120': { classes: 120, size: 16 },
} as const;
/** A NAS-Bench-201 dataset name. */
export type Nb201Dataset = keyof typeof NB201_DATASETS;

/** NB201's ReLUConvBN: ReLU, conv without bias, batch norm. Returns the BN node. */
function reluConvBn(b: GraphBuilder, from: string, filters: number, kernel: number, strides: number, id: string): string {
  const r = b.activation(from, 'relu', `${id}.relu`);
  const c = b.conv2d(r, { filters, kernel, strides, useBias: false, id: `${id}.conv` });
  return b.batchNorm(c, { id: `${id}.bn`, epsilon: 1e-5, momentum: 0.9 });
}

function cell(b: GraphBuilder, input: string, genome: readonly number[], channels: number, id: string): string {
  const nodes = [input];
  for (let to = 1; to <= 3; to++) {
    const ins: string[] = [];
    NB201_EDGES.forEach(([from, t], e) => {
      if (t !== to) return;
      const src = nodes[from] as string;
      const eid = `${id}.e${from}${to}`;
      switch (NB201_OPS[genome[e] as number]) {
        case 'none': ins.push(b.zero(src, eid)); break;
        case 'skip_connect': ins.push(b.identity(src, eid)); break;
        case 'nor_conv_1x1': ins.push(reluConvBn(b, src, channels, 1, 1, eid)); break;
        case 'nor_conv_3x3': ins.push(reluConvBn(b, src, channels, 3, 1, eid)); break;
        case 'avg_pool_3x3': ins.push(b.avgPool(src, { pool: 3, strides: 1, padding: 'same', id: eid })); break;
      }
    });
    nodes.push(ins.length === 1 ? (ins[0] as string) : b.add(ins, `${id}.n${to}`));
  }
  return nodes[3] as string;
}

/** NB201's ResNet basic block between stages: two ReLUConvBN (the first with stride 2), avg-pool + 1x1 shortcut. */
function reduction(b: GraphBuilder, input: string, filters: number, id: string): string {
  const a = reluConvBn(b, input, filters, 3, 2, `${id}.a`);
  const c = reluConvBn(b, a, filters, 3, 1, `${id}.b`);
  const p = b.avgPool(input, { pool: 2, strides: 2, padding: 'valid', id: `${id}.down.pool` });
  const s = b.conv2d(p, { filters, kernel: 1, useBias: false, id: `${id}.down.conv` });
  return b.add([c, s], `${id}.add`);
}

/**
 * The NAS-Bench-201 macro skeleton (Dong & Yang 2020): a 3x3 conv stem with C=16 channels and BN, three stages of
 * N=5 cells (16, 32, 64 channels) joined by reduction blocks, then BN, ReLU, global average pool and a dense head.
 * Every edge op is kept, also those whose output is later cut by a 'none' edge, because the benchmark's params and
 * FLOPs count them.
 */
export function nb201Network(genome: readonly number[], dataset: Nb201Dataset = 'cifar10', channels = 16, cellsPerStage = 5): ArchGraph {
  const { classes, size } = NB201_DATASETS[dataset];
  const b = new GraphBuilder([size, size, 3]);
  const stem = b.conv2d(b.input, { filters: channels, kernel: 3, useBias: false, id: 'stem.conv' });
  let x = b.batchNorm(stem, { id: 'stem.bn', epsilon: 1e-5, momentum: 0.9 });
  for (let stage = 0; stage < 3; stage++) {
    const c = channels * 2 ** stage;
    if (stage > 0) x = reduction(b, x, c, `r${stage}`);
    for (let i = 0; i < cellsPerStage; i++) x = cell(b, x, genome, c, `s${stage + 1}.c${i + 1}`);
  }
  x = b.activation(b.batchNorm(x, { id: 'last.bn', epsilon: 1e-5, momentum: 0.9 }), 'relu', 'last.relu');
  b.dense(b.globalAvgPool(x, 'pool'), classes, { id: 'classifier' });
  return b.build();
}
