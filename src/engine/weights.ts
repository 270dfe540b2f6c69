import { EngineError } from '../errors.js';

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

/**
 * Sets weights by name into an engine's slots (node id -> role -> slot), calling `assign` for each match. With
 * `partial`, names the model lacks and weights whose shape differs are skipped (weight inheritance); otherwise any
 * mismatch throws EngineError. Returns the names set.
 */
export function assignWeights<S extends { readonly spec: WeightSpec }>(slots: ReadonlyMap<string, ReadonlyMap<WeightRole, S>>, weights: readonly WeightTensor[], partial: boolean, assign: (slot: S, w: WeightTensor) => void): string[] {
  const set: string[] = [];
  for (const w of weights) {
    const [id, role] = w.name.split('/') as [string, WeightRole];
    const slot = slots.get(id)?.get(role);
    const n = slot ? slot.spec.shape.reduce((p, d) => p * d, 1) : -1;
    const sameShape = slot && slot.spec.shape.length === w.shape.length && slot.spec.shape.every((d, i) => d === w.shape[i]) && w.values.length === n;
    if (!slot || !sameShape) {
      if (partial) continue;
      throw new EngineError(`setWeights: weight '${w.name}' must exist in the model with shape [${slot?.spec.shape.join(',') ?? 'none'}]; got shape [${w.shape.join(',')}] (${w.values.length} values).`);
    }
    assign(slot, w);
    set.push(w.name);
  }
  return set;
}
