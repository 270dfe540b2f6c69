import * as tf from '@tensorflow/tfjs-core';
import { buildGraph, type NodeSpec } from '../arch/graph.js';
import type { ArchGraph, Shape } from '../arch/types.js';
import type { Dataset, Split } from '../data/dataset.js';
import { TinyevoError } from '../errors.js';
import { TrainingEstimator, type TrainingEstimatorOptions } from './training.js';
import type { Estimate, Estimator, Fidelity } from './types.js';

/**
 * The same architecture with every conv's filters and every hidden dense layer's units times `m` (at least 1;
 * the classifier keeps its units). Returns null when the narrower graph is inconsistent (an add joining a scaled
 * and an unscaled tensor, a group count that no longer divides), so the caller can fall back to full width.
 */
export function scaleWidth(graph: ArchGraph, m: number): ArchGraph | null {
  if (m === 1) return graph;
  const specs: NodeSpec[] = graph.nodes.map((n) => {
    const spec = { id: n.id, kind: n.kind, inputs: n.inputs, attrs: n.attrs } as NodeSpec;
    if (n.kind === 'conv2d') {
      const filters = Math.max(1, Math.round(n.attrs.filters * m));
      const depthwiseLike = n.attrs.groups > 1 && n.attrs.groups === n.attrs.filters;
      return { ...spec, attrs: { ...n.attrs, filters, groups: depthwiseLike ? filters : n.attrs.groups } } as NodeSpec;
    }
    if (n.kind === 'dense' && n.id !== graph.output && !isClassifier(graph, n.id)) return { ...spec, attrs: { ...n.attrs, units: Math.max(1, Math.round(n.attrs.units * m)) } } as NodeSpec;
    return spec;
  });
  try {
    return buildGraph(graph.inputShape, specs, graph.output);
  } catch (e) {
    if (e instanceof TinyevoError) return null;
    throw e;
  }
}

/** A dense node whose value reaches the output through shape-preserving ops only (softmax, identity). */
function isClassifier(graph: ArchGraph, id: string): boolean {
  let cur = graph.output;
  for (;;) {
    if (cur === id) return true;
    const node = graph.nodes.find((n) => n.id === cur);
    if (!node || !(node.kind === 'activation' || node.kind === 'identity')) return false;
    cur = node.inputs[0] as string;
  }
}

/** The same architecture on inputs scaled by `f` in height and width; null when its shapes no longer work out. */
export function scaleInput(graph: ArchGraph, f: number): ArchGraph | null {
  if (f === 1) return graph;
  const [h, w, c] = graph.inputShape as [number, number, number];
  const shape: Shape = [Math.max(1, Math.round(h * f)), Math.max(1, Math.round(w * f)), c];
  try {
    return buildGraph(shape, graph.nodes.map((n) => ({ id: n.id, kind: n.kind, inputs: n.inputs, attrs: n.attrs }) as NodeSpec), graph.output);
  } catch (e) {
    if (e instanceof TinyevoError) return null;
    throw e;
  }
}

function resizeSplit(split: Split, from: Shape, to: Shape): Split {
  const x = tf.tidy(() => {
    const t = tf.tensor4d(split.x, [split.n, from[0] as number, from[1] as number, from[2] as number]);
    return tf.image.resizeBilinear(t, [to[0] as number, to[1] as number], true).dataSync() as Float32Array;
  });
  return { n: split.n, x: Float32Array.from(x), y: split.y };
}

/** The dataset with every image resized (bilinear, corners aligned) to `shape`. */
export function resizeDataset(data: Dataset, shape: Shape): Dataset {
  return { ...data, inputShape: shape, train: resizeSplit(data.train, data.inputShape, shape), validation: resizeSplit(data.validation, data.inputShape, shape), test: resizeSplit(data.test, data.inputShape, shape) };
}

/** Lower fidelity by a narrower network and/or smaller inputs (a proxy, as in MnasNet and MCUNet's search). */
export interface ReducedFidelity { readonly widthMultiplier: number; readonly inputScale: number }

/**
 * Trains a reduced proxy of each candidate: filters times `widthMultiplier`, inputs scaled by `inputScale`
 * (datasets resized once per scale), then scores it like the training estimator. A candidate whose proxy cannot
 * be built is trained at full size. Its weights belong to the proxy, so they are not returned for inheritance.
 */
export class ReducedEstimator implements Estimator {
  readonly name: string;
  private readonly inner: TrainingEstimator;
  private readonly full: TrainingEstimator;

  constructor(data: Dataset, private readonly reduced: ReducedFidelity, options?: TrainingEstimatorOptions) {
    this.name = `training-w${reduced.widthMultiplier}-r${reduced.inputScale}`;
    const [h, w, c] = data.inputShape as [number, number, number];
    const shape = [Math.max(1, Math.round(h * reduced.inputScale)), Math.max(1, Math.round(w * reduced.inputScale)), c];
    this.inner = new TrainingEstimator(reduced.inputScale === 1 ? data : resizeDataset(data, shape), options);
    this.full = new TrainingEstimator(data, options);
  }

  async estimate(graph: ArchGraph, fidelity: Fidelity, signal?: AbortSignal): Promise<Estimate> {
    const narrow = scaleWidth(graph, this.reduced.widthMultiplier);
    const proxy = narrow && scaleInput(narrow, this.reduced.inputScale);
    const e = proxy ? await this.inner.estimate(proxy, fidelity, signal) : await this.full.estimate(graph, fidelity, signal);
    return { ...e, weights: [] };
  }
}
