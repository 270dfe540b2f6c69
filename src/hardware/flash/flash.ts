import type { DeployGraph } from '../lowering/types.js';
import type { ContainerCoefficients } from '../latency/types.js';
import type { RuntimeProfile } from '../runtime/types.js';
import { codeBytes } from './code-size.js';
import { cArrayBytes, containerCounts, tfliteBytes } from './container.js';

/** Where a graph's flash goes, in bytes. `totalBytes` = `modelBytes` + `codeBytes`. */
export interface FlashBreakdown {
  /** int8 weights. */
  readonly weightBytes: number;
  /** int32 biases (one per output channel where a bias or a folded batch norm exists). */
  readonly biasBytes: number;
  /** Quantisation parameters (.tflite: scales, zero points, min/max; C arrays: multipliers and shifts). */
  readonly quantBytes: number;
  /** The rest of the model data: flatbuffer structure, or 0 for C arrays. */
  readonly containerOverheadBytes: number;
  /** The model as the runtime stores it: a .tflite file or C arrays. */
  readonly modelBytes: number;
  /** Runtime and kernel code for the op kinds used. */
  readonly codeBytes: number;
  readonly totalBytes: number;
}

/** Flash of a deployed graph under a runtime, split into weights, biases, quantisation, container and code. */
export function flashBreakdown(graph: DeployGraph, runtime: RuntimeProfile, container: ContainerCoefficients): FlashBreakdown {
  const n = containerCounts(graph);
  const code = codeBytes(graph, runtime);
  if (runtime.container === 'tflite') {
    const model = tfliteBytes(graph, container);
    return { weightBytes: n.weightBytes, biasBytes: n.biasBytes, quantBytes: n.quantBytes, containerOverheadBytes: model - n.weightBytes - n.biasBytes - n.quantBytes, modelBytes: model, codeBytes: code, totalBytes: model + code };
  }
  const model = cArrayBytes(graph);
  const quant = model - n.weightBytes - n.biasBytes;
  return { weightBytes: n.weightBytes, biasBytes: n.biasBytes, quantBytes: quant, containerOverheadBytes: 0, modelBytes: model, codeBytes: code, totalBytes: model + code };
}
