import type { DeployGraph, DeployOp } from '../lowering/types.js';

// TFLite Micro's persistent allocations on a 32-bit MCU, from its struct layouts (estimates, not measurements):
// a TfLiteEvalTensor (data pointer, dims pointer, type: 12 B) for every tensor, constants included; per op a
// NodeAndRegistration with its TfLiteNode and parsed builtin options (~64 B) and the kernel's OpData; conv and
// depthwise OpData keep an int32 output multiplier and shift per channel (8 B per channel). Plus ~512 B of
// allocator, subgraph and scratch-handle bookkeeping.
const EVAL_TENSOR_BYTES = 12;
const NODE_BYTES = 64;
const FIXED_BYTES = 512;

function opDataBytes(op: DeployOp): number {
  switch (op.opClass) {
    case 'conv': case 'pointwise': case 'depthwise': return 48 + 8 * op.quantChannels;
    case 'dense': case 'elementwise': return 48;
    case 'pool': case 'softmax': return 32;
    default: return 16;
  }
}

/** TFLite Micro's persistent arena bytes for a deployed graph (tensor structs, nodes, op data, bookkeeping). */
export function tflmPersistentBytes(graph: DeployGraph): number {
  const constTensors = graph.ops.reduce((s, o) => s + o.constTensors, 0);
  const perOp = graph.ops.reduce((s, o) => s + NODE_BYTES + opDataBytes(o), 0);
  return FIXED_BYTES + EVAL_TENSOR_BYTES * (graph.tensors.length + constTensors) + perOp;
}

/**
 * Code of the TFLite Micro core (interpreter, allocator, memory planner, flatbuffer access, op resolver): about
 * 24 KB on Cortex-M with -Os. Published figures range 16-50 KB depending on the operators linked.
 */
export const TFLM_CORE_BYTES = 24_000;
