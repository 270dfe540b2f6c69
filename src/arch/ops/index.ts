import type { OpDef, OpKind } from '../types.js';
import { activation } from './activation.js';
import { add } from './add.js';
import { batchNorm } from './batch-norm.js';
import { concat } from './concat.js';
import { conv2d } from './conv2d.js';
import { dense } from './dense.js';
import { depthwiseConv2d } from './depthwise-conv2d.js';
import { flatten } from './flatten.js';
import { globalAvgPool } from './global-avg-pool.js';
import { identity } from './identity.js';
import { input } from './input.js';
import { avgPool, maxPool } from './pool.js';
import { zeroPad } from './zero-pad.js';
import { zero } from './zero.js';

/** Every op definition, keyed by kind. The one list of ops in the IR. */
export const opDefs: { readonly [K in OpKind]: OpDef<K> } = {
  input, conv2d, depthwiseConv2d, dense, batchNorm, activation, maxPool, avgPool, globalAvgPool, add, concat, flatten, identity, zero, zeroPad,
};

/** All op kinds, in a stable order. */
export const opKinds = Object.keys(opDefs) as OpKind[];
