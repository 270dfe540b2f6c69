import type { OpKind } from '../../../arch/types.js';
import { activationLayer } from './activation.js';
import { batchNormLayer } from './batch-norm.js';
import { conv2dLayer, depthwiseConv2dLayer } from './conv.js';
import { denseLayer } from './dense.js';
import { flattenLayer, identityLayer, inputLayer, zeroLayer, zeroPadLayer } from './structural.js';
import { addLayer, concatLayer } from './merge.js';
import { avgPoolLayer, globalAvgPoolLayer, maxPoolLayer } from './pool.js';
import type { LayerImpl } from './types.js';

/** The TF.js implementation of every op kind of the IR, keyed by kind. */
export const layers: { readonly [K in OpKind]: LayerImpl<K> } = {
  input: inputLayer, conv2d: conv2dLayer, depthwiseConv2d: depthwiseConv2dLayer, dense: denseLayer, batchNorm: batchNormLayer,
  activation: activationLayer, maxPool: maxPoolLayer, avgPool: avgPoolLayer, globalAvgPool: globalAvgPoolLayer,
  add: addLayer, concat: concatLayer, flatten: flattenLayer, identity: identityLayer, zero: zeroLayer, zeroPad: zeroPadLayer,
};
