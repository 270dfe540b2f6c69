import type { AnyNode, Shape } from '../../arch/types.js';
import type { OpClass } from './types.js';

const sizeOf = (s: Shape): number => s.reduce((p, d) => p * d, 1);

/** The cost class of an IR node deployed as its own op (see OpClass). */
export function opClassOf(node: AnyNode): OpClass {
  switch (node.kind) {
    case 'conv2d': return node.attrs.kernel[0] === 1 && node.attrs.kernel[1] === 1 && node.attrs.groups === 1 ? 'pointwise' : 'conv';
    case 'depthwiseConv2d': return 'depthwise';
    case 'dense': return 'dense';
    case 'maxPool': case 'avgPool': case 'globalAvgPool': return 'pool';
    case 'activation': return node.attrs.fn === 'softmax' ? 'softmax' : 'elementwise';
    case 'flatten': return 'reshape';
    case 'concat': return 'concat';
    default: return 'elementwise'; // add, batchNorm (input never becomes an op)
  }
}

/** The constant data an op reads: int8 weights, int32 biases, quantisation channels and tensor count. */
export interface OpConstants {
  readonly weightBytes: number;
  readonly biasBytes: number;
  readonly quantChannels: number;
  readonly constTensors: number;
}

const none: OpConstants = { weightBytes: 0, biasBytes: 0, quantChannels: 0, constTensors: 0 };

function withBias(weights: number, biasChannels: number, quantChannels: number): OpConstants {
  return { weightBytes: weights, biasBytes: 4 * biasChannels, quantChannels, constTensors: biasChannels > 0 ? 2 : 1 };
}

/**
 * Constants of a deployed op. Int8 weights with per-channel scales for conv and depthwise and one scale for dense
 * (TFLite's int8 scheme); an int32 bias per output channel when the node has one or a batch norm was folded into
 * it; a standalone batch norm becomes a per-channel int8 multiplier and int32 offset.
 */
export function opConstants(node: AnyNode, input: Shape, foldedBatchNorm: boolean): OpConstants {
  switch (node.kind) {
    case 'conv2d': {
      const a = node.attrs;
      const weights = a.kernel[0] * a.kernel[1] * ((input[2] as number) / a.groups) * a.filters;
      return withBias(weights, a.useBias || foldedBatchNorm ? a.filters : 0, a.filters);
    }
    case 'depthwiseConv2d': {
      const a = node.attrs;
      const channels = (input[2] as number) * a.depthMultiplier;
      return withBias(a.kernel[0] * a.kernel[1] * channels, a.useBias || foldedBatchNorm ? channels : 0, channels);
    }
    case 'dense': {
      const a = node.attrs;
      return withBias(sizeOf(input) * a.units, a.useBias || foldedBatchNorm ? a.units : 0, 1);
    }
    case 'batchNorm': {
      const channels = input[input.length - 1] as number;
      return { weightBytes: channels, biasBytes: 4 * channels, quantChannels: 1, constTensors: 2 };
    }
    default: return none;
  }
}
