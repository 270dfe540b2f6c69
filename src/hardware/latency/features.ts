import type { DeployGraph, DeployOp } from '../lowering/types.js';
import type { RuntimeProfile } from '../runtime/types.js';
import type { CycleCoefficients } from './types.js';

/** The four quantities the cycle model multiplies: [conv-like MACs, output elements, dense MACs, ops]. */
export type CycleFeatures = readonly [macs: number, outputs: number, denseMacs: number, ops: number];

const zero: CycleFeatures = [0, 0, 0, 0];

/**
 * Cycle features of one deployed op. Conv, pointwise, depthwise and pooling ops pay per MAC (pooling: per window
 * read) and per output; dense pays per MAC at its own rate (every weight is streamed from flash once); an add pays
 * per output and extra input; softmax ~4 outputs' worth per element (exp lookup, sum, divide); reshape and concat
 * only the op overhead (a memcpy is negligible next to requantisation). A reshape that the runtime aliases is free.
 */
export function opFeatures(op: DeployOp, runtime: RuntimeProfile): CycleFeatures {
  switch (op.opClass) {
    case 'conv': case 'pointwise': case 'depthwise': case 'pool': return [op.macs, op.outputElements, 0, 1];
    case 'dense': return [0, op.outputElements, op.macs, 1];
    case 'elementwise': return [0, op.outputElements * Math.max(1, op.inputs.length - 1), 0, 1];
    case 'softmax': return [0, 4 * op.outputElements, 0, 1];
    case 'reshape': return runtime.aliasReshape ? zero : [0, 0, 0, 1];
    case 'concat': return [0, 0, 0, 1];
  }
}

/** Sum of the cycle features of every op of a deployed graph. */
export function graphFeatures(graph: DeployGraph, runtime: RuntimeProfile): CycleFeatures {
  const s = [0, 0, 0, 0];
  for (const op of graph.ops) opFeatures(op, runtime).forEach((v, i) => { s[i] = (s[i] as number) + v; });
  return [s[0] as number, s[1] as number, s[2] as number, s[3] as number];
}

/** Cycles = coefficients . features. */
export function cyclesOf(f: CycleFeatures, c: CycleCoefficients): number {
  return c.cyclesPerMac * f[0] + c.cyclesPerOutput * f[1] + c.cyclesPerDenseMac * f[2] + c.cyclesPerOp * f[3];
}
