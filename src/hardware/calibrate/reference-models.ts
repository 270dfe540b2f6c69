import type { ArchGraph } from '../../arch/types.js';
import { dsCnn, fcAutoencoder, mobileNetV1, resnet8 } from '../../arch/zoo/index.js';
import type { Benchmark } from './mlperf.js';

/** Ground truth for one MLPerf Tiny reference model (shared/reference/mcu/reference_models.md). */
export interface ReferenceModel {
  readonly benchmark: Benchmark;
  readonly zooName: string;
  readonly graph: () => ArchGraph;
  /** Size of the int8 reference .tflite (mlcommons/tiny @ 1afd2c98). */
  readonly tfliteBytes: number;
  /** Naive peak activation memory: topological order, no in-place, no scratch, input and output counted. */
  readonly naivePeakBytes: number;
  /** X-CUBE-AI 9.0 activation RAM and the range over every X-CUBE-AI version in the .ioc files. */
  readonly xcubeAi9ActivationBytes: number;
  readonly xcubeAiActivationRange: readonly [number, number];
}

/** The four MLPerf Tiny reference models, as tinyevo zoo graphs, with their published figures. */
export const referenceModels: readonly ReferenceModel[] = [
  { benchmark: 'kws', zooName: 'ds-cnn', graph: () => dsCnn(), tfliteBytes: 53_936, naivePeakBytes: 16_000, xcubeAi9ActivationBytes: 22_272, xcubeAiActivationRange: [18_166, 49_808] },
  { benchmark: 'vww', zooName: 'mobilenetv1-0.25', graph: () => mobileNetV1(), tfliteBytes: 333_288, naivePeakBytes: 55_296, xcubeAi9ActivationBytes: 58_624, xcubeAiActivationRange: [58_624, 142_952] },
  { benchmark: 'ic', zooName: 'resnet8', graph: () => resnet8(), tfliteBytes: 98_496, naivePeakBytes: 49_152, xcubeAi9ActivationBytes: 56_672, xcubeAiActivationRange: [42_315, 64_944] },
  { benchmark: 'ad', zooName: 'fc-autoencoder', graph: () => fcAutoencoder(), tfliteBytes: 276_976, naivePeakBytes: 768, xcubeAi9ActivationBytes: 2_048, xcubeAiActivationRange: [1_536, 7_036] },
];

// TinyEngine README (mit-han-lab/tinyengine @ 47bb283), STM32H743: latency in ms of TFLM with reference kernels
// vs TFLM with CMSIS-NN for the same ten models (shared/reference/mcu/tinyengine_vs_tflm.md, section 2).
const h743RefVsCmsisMs: readonly (readonly [number, number])[] = [
  [587, 53], [1120, 97], [5310, 478], [586, 51], [1227, 103], [6463, 642], [7821, 770], [512, 54], [3801, 380], [467, 43],
];

/** Median ratio of TFLM reference-kernel to CMSIS-NN latency on the H743 (10 models): the tflm-ref slowdown. */
export function referenceKernelSlowdown(): number {
  const r = h743RefVsCmsisMs.map(([ref, cmsis]) => ref / cmsis).sort((a, b) => a - b);
  const mid = r.length >> 1;
  return r.length % 2 === 1 ? (r[mid] as number) : ((r[mid - 1] as number) + (r[mid] as number)) / 2;
}
