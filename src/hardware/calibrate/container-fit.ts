import { lowerGraph } from '../lowering/fuse.js';
import { containerCounts } from '../flash/container.js';
import type { ContainerCoefficients } from '../latency/types.js';
import { nnls } from './nnls.js';
import { referenceModels } from './reference-models.js';

/**
 * Fits the flatbuffer structure bytes (per tensor, per op, fixed) of the TFLite size model to the four MLPerf Tiny
 * reference files: what is left of each file after weights, biases and quantisation parameters, by non-negative
 * least squares on relative error of the whole file. Four files cannot separate much: the op count moves with the
 * tensor count (about three tensors per op), so expect the per-op term to be absorbed by the per-tensor one.
 */
export function fitContainer(): ContainerCoefficients {
  const rows = referenceModels.map((m) => ({ n: containerCounts(lowerGraph(m.graph())), bytes: m.tfliteBytes }));
  const a = rows.map(({ n, bytes }) => [n.tensors / bytes, n.ops / bytes, 1 / bytes]);
  const b = rows.map(({ n, bytes }) => (bytes - n.weightBytes - n.biasBytes - n.quantBytes) / bytes);
  const scales = [0, 1, 2].map((j) => Math.max(...a.map((r) => r[j] as number)));
  const z = nnls(a.map((r) => r.map((v, j) => v / (scales[j] as number))), b);
  const x = z.map((v, j) => v / (scales[j] as number));
  return { perTensorBytes: x[0] as number, perOpBytes: x[1] as number, fixedBytes: x[2] as number };
}
