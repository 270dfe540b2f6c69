/**
 * The one weight layout shared by every engine, quantizer and exporter. Each weight is a float32 array in row-major
 * order, named `<nodeId>/<role>`:
 * - conv2d `kernel` [kh, kw, inChannels / groups, filters] (HWIO, as TensorFlow and TFLite's float kernels);
 *   `bias` [filters].
 * - depthwiseConv2d `kernel` [kh, kw, inChannels, depthMultiplier]; `bias` [inChannels * depthMultiplier].
 * - dense `kernel` [inUnits, units]; `bias` [units]. A dense after flatten reads the input in H, W, C order.
 * - batchNorm `gamma`, `beta`, `movingMean`, `movingVariance`, each [channels].
 */
export interface WeightTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/** The roles a node's weights can have. */
export type WeightRole = 'kernel' | 'bias' | 'gamma' | 'beta' | 'movingMean' | 'movingVariance';

/** How a weight is initialised. Kernels use He-normal (ReLU nets); BN scale 1, offsets 0. */
export type WeightInit = 'heNormal' | 'glorotUniform' | 'zeros' | 'ones';

/** A weight a layer declares: its role, shape, initialiser and whether the optimizer updates it. */
export interface WeightSpec {
  readonly role: WeightRole;
  readonly shape: readonly number[];
  readonly init: WeightInit;
  readonly trainable: boolean;
  /** Fan-in for He/Glorot scaling (inputs that feed one output). */
  readonly fanIn: number;
  readonly fanOut: number;
}

/** The name of a weight in the shared layout. */
export function weightName(nodeId: string, role: WeightRole): string {
  return `${nodeId}/${role}`;
}
