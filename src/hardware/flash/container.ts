import type { DeployGraph } from '../lowering/types.js';
import type { ContainerCoefficients } from '../latency/types.js';

// Quantisation parameters as the TFLite converter writes them (checked against the four MLPerf Tiny .tflite files):
// every tensor has a float32 scale and an int64 zero point per channel; weight and activation tensors also record
// float32 min and max per channel, biases do not. Conv and depthwise weights are per-channel, dense per-tensor.
const SCALE_ZP_BYTES = 4 + 8;
const MIN_MAX_BYTES = 4 + 4;

/** The structure of a deployed graph as a TFLite flatbuffer: tensor and op counts and the byte sizes of its data. */
export interface ContainerCounts {
  /** Activation tensors plus constant tensors. */
  readonly tensors: number;
  readonly ops: number;
  readonly weightBytes: number;
  readonly biasBytes: number;
  /** Scales, zero points, min and max of every tensor. */
  readonly quantBytes: number;
}

/** Counts the tensors, ops, weight, bias and quantisation bytes of a deployed graph's .tflite file. */
export function containerCounts(graph: DeployGraph): ContainerCounts {
  let constTensors = 0, weightBytes = 0, biasBytes = 0, quantBytes = graph.tensors.length * (SCALE_ZP_BYTES + MIN_MAX_BYTES);
  for (const op of graph.ops) {
    constTensors += op.constTensors;
    weightBytes += op.weightBytes;
    biasBytes += op.biasBytes;
    if (op.constTensors > 0) quantBytes += op.quantChannels * (SCALE_ZP_BYTES + MIN_MAX_BYTES);
    if (op.biasBytes > 0) quantBytes += op.quantChannels * SCALE_ZP_BYTES;
  }
  return { tensors: graph.tensors.length + constTensors, ops: graph.ops.length, weightBytes, biasBytes, quantBytes };
}

/**
 * Size in bytes of the graph's int8 .tflite file: weights + biases + quantisation parameters + the flatbuffer's
 * own structure (tables, vectors, names, alignment), modelled as bytes per tensor, per op and fixed, fitted to the
 * four MLPerf Tiny reference files by `tinyevo hardware calibrate`.
 */
export function tfliteBytes(graph: DeployGraph, c: ContainerCoefficients): number {
  const n = containerCounts(graph);
  return Math.round(n.weightBytes + n.biasBytes + n.quantBytes + c.perTensorBytes * n.tensors + c.perOpBytes * n.ops + c.fixedBytes);
}

/**
 * Size in bytes of the model as C arrays (tinyevo-c): weights, biases, and an int32 multiplier and shift per
 * quantisation channel, precomputed so that nothing is derived at run time.
 */
export function cArrayBytes(graph: DeployGraph): number {
  return graph.ops.reduce((s, op) => s + op.weightBytes + op.biasBytes + (op.constTensors > 0 ? 8 * op.quantChannels : 0), 0);
}
