/** One feature layer of a chain genome (uNAS-style): conv, depthwise conv or pooling, each followed by BN + ReLU. */
export type FeatureLayer =
  | { readonly type: 'conv'; readonly filters: number; readonly kernel: number; readonly stride: 1 | 2 }
  | { readonly type: 'dwconv'; readonly kernel: number; readonly stride: 1 | 2 }
  | { readonly type: 'pool'; readonly pool: 'max' | 'avg' };

/** How the feature map becomes a vector: global average pooling, or flattening (keeps position; more weights). */
export type ChainHead = 'gap' | 'flatten';

/** A chain genome: feature layers, the head (pool or flatten), then hidden dense layers (units) and the classifier. */
export interface ChainGenome {
  readonly features: readonly FeatureLayer[];
  readonly head: ChainHead;
  readonly dense: readonly number[];
}

/** The choices of the chain space; defaults in `defaultChainOptions`. */
export interface ChainOptions {
  readonly inputShape: readonly [number, number, number];
  readonly classes: number;
  readonly maxFeatures: number;
  readonly maxDense: number;
  readonly filters: readonly number[];
  readonly kernels: readonly number[];
  readonly units: readonly number[];
}

/** Defaults sized for MCUs: up to 10 feature layers of 8-128 filters and up to 2 hidden dense layers. */
export const defaultChainOptions: ChainOptions = {
  inputShape: [32, 32, 3],
  classes: 10,
  maxFeatures: 10,
  maxDense: 2,
  filters: [8, 16, 24, 32, 48, 64, 96, 128],
  kernels: [1, 3, 5, 7],
  units: [16, 32, 64, 128],
};
