import type { GraphBuilder } from '../../arch/builder.js';
import type { CellEdges } from './genotype.js';
import { addOp, conv1x1Bn } from './ops.js';

/** A tensor of the graph being built, with the shape the decoder must know to wire cells (height, width, channels). */
export interface Tensor {
  readonly id: string;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

/**
 * Brings a cell input to `channels` channels at the given size: a 1x1 conv + BN where the channels differ, and a
 * factorised reduce (1x1 conv with stride 2 + BN) where the input has twice the size (c_{k-2} after a reduction).
 */
function preprocess(b: GraphBuilder, x: Tensor, height: number, channels: number, id: string): string {
  if (x.height !== height) return conv1x1Bn(b, x.id, channels, 2, id);
  if (x.channels !== channels) return conv1x1Bn(b, x.id, channels, 1, id);
  return x.id;
}

/**
 * Adds one NASNet-style cell over inputs c_{k-2} = `s0` and c_{k-1} = `s1`: each intermediate node adds two ops on
 * earlier states; ops that read s0 or s1 in a reduction cell have stride 2. As in NASNet (unlike DARTS, which uses
 * every node), the output concatenates the intermediate nodes no node of the cell reads, then a 1x1 conv + BN brings
 * it back to `channels`; with a single such node the conv is left out, since the channels already match.
 */
export function addCell(b: GraphBuilder, s0: Tensor, s1: Tensor, edges: CellEdges, reduce: boolean, channels: number, id: string): Tensor {
  const states = [preprocess(b, s0, s1.height, channels, `${id}.pre0`), preprocess(b, s1, s1.height, channels, `${id}.pre1`)];
  const used = new Set<number>();
  edges.forEach((pair, k) => {
    const outs = pair.map(([input, op], e) => {
      used.add(input);
      const stride = reduce && input < 2 ? 2 : 1;
      return addOp(b, op, states[input] as string, channels, stride, `${id}.n${k + 2}.${'ab'[e]}`);
    });
    states.push(b.add(outs, `${id}.n${k + 2}`));
  });
  const loose = states.slice(2).filter((_, k) => !used.has(k + 2));
  const out = loose.length === 1 ? (loose[0] as string) : conv1x1Bn(b, b.concat(loose, `${id}.concat`), channels, 1, `${id}.out`);
  const height = reduce ? Math.ceil(s1.height / 2) : s1.height;
  const width = reduce ? Math.ceil(s1.width / 2) : s1.width;
  return { id: out, height, width, channels };
}
