import * as tf from '@tensorflow/tfjs-core';
import type { ArchGraph } from '../arch/types.js';
import { TfModel } from '../engine/tfjs/model.js';
import type { WeightTensor } from '../engine/weights.js';
import { QuantizeError } from './errors.js';

/** How activation ranges are chosen from calibration data. */
export type CalibrationMethod = 'minmax' | 'percentile' | 'mse';

export interface CalibrationOptions {
  readonly method: CalibrationMethod;
  /** For 'percentile': the share of values kept inside the range at each end, e.g. 99.99. */
  readonly percentile: number;
  readonly batchSize: number;
}

export const defaultCalibration: CalibrationOptions = { method: 'minmax', percentile: 99.99, batchSize: 32 };

/** A real range that an int8 tensor must represent. */
export interface Range { readonly min: number; readonly max: number }

/** Values kept per tensor for the percentile and MSE methods (an evenly strided subsample beyond this). */
const SAMPLE_CAP = 200_000;

class Observer {
  min = Infinity;
  max = -Infinity;
  readonly kept: number[] = [];
  seen = 0;
  constructor(private readonly stride: number) {}
  observe(values: Float32Array): void {
    for (let i = 0; i < values.length; i++) {
      const v = values[i] as number;
      if (v < this.min) this.min = v;
      if (v > this.max) this.max = v;
      if (this.seen++ % this.stride === 0) this.kept.push(v);
    }
  }
}

/**
 * Runs the float model on calibration samples and records every named tensor's values: exact min/max and a strided
 * sample for the percentile and MSE methods. Samples are n * prod(inputShape) floats, channels last.
 */
export function observeActivations(graph: ArchGraph, weights: readonly WeightTensor[], samples: Float32Array, ids: ReadonlySet<string>, options: CalibrationOptions): Map<string, Range> {
  const size = graph.inputShape.reduce((p, d) => p * d, 1);
  const n = Math.floor(samples.length / size);
  if (n < 1 || n * size !== samples.length) throw new QuantizeError(`calibration: samples must hold a whole number (>= 1) of inputs of ${size} values; got ${samples.length} values.`);
  const sizes = new Map(graph.nodes.map((node) => [node.id, node.shape.reduce((p, d) => p * d, 1)]));
  const observers = new Map([...ids].map((id) => [id, new Observer(Math.max(1, Math.ceil(((sizes.get(id) ?? 1) * n) / SAMPLE_CAP)))]));
  const model = new TfModel(graph, 0);
  try {
    const present = new Set(graph.nodes.map((node) => node.id));
    model.setWeights(weights.filter((w) => present.has(w.name.split('/')[0] as string)));
    for (let start = 0; start < n; start += options.batchSize) {
      const b = Math.min(options.batchSize, n - start);
      const x = tf.tensor(samples.subarray(start * size, (start + b) * size), [b, ...graph.inputShape]);
      const acts = model.activations(x, ids);
      for (const [id, t] of acts) observers.get(id)!.observe(t.dataSync() as Float32Array);
      for (const t of new Set([x, ...acts.values()])) t.dispose();
    }
  } finally {
    model.dispose();
  }
  return new Map([...observers].map(([id, o]) => [id, rangeOf(o, options)]));
}

function rangeOf(o: Observer, options: CalibrationOptions): Range {
  if (options.method === 'minmax' || o.kept.length < 16) return { min: o.min, max: o.max };
  const sorted = Float64Array.from(o.kept).sort();
  if (options.method === 'percentile') {
    const tail = (100 - options.percentile) / 100;
    const at = (q: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))] as number;
    return { min: Math.max(o.min, at(tail)), max: Math.min(o.max, at(1 - tail)) };
  }
  return mseRange(sorted, o.min, o.max);
}

/** The clipping range, among shrunken min/max ranges, with the least int8 quantisation error on the sample. */
function mseRange(sorted: Float64Array, min: number, max: number): Range {
  let best: Range = { min, max };
  let bestErr = Infinity;
  for (let k = 0; k < 20; k++) {
    const f = 1 - k * 0.04;
    const r = { min: Math.min(0, min * f), max: Math.max(0, max * f) };
    const scale = (r.max - r.min) / 255 || 1;
    let err = 0;
    for (let i = 0; i < sorted.length; i++) {
      const v = sorted[i] as number;
      const c = v < r.min ? r.min : v > r.max ? r.max : v;
      const q = Math.round((c - r.min) / scale) * scale + r.min;
      err += (q - v) * (q - v);
    }
    if (err < bestErr) { bestErr = err; best = r; }
  }
  return best;
}

/**
 * TFLite's int8 activation parameters for a real range: the range is widened to hold 0, scale = (max - min) / 255
 * (a float32), and the zero point places min at -128 (rounded and clamped so that 0 is exact).
 */
export function activationParams(range: Range): { scale: number; zeroPoint: number } {
  const min = Math.min(0, range.min);
  let max = Math.max(0, range.max);
  if (max - min < 1e-8) max = min + 1e-8;
  const scale = Math.fround((max - min) / 255);
  const zeroPoint = Math.max(-128, Math.min(127, Math.round(-128 - min / scale)));
  return { scale, zeroPoint };
}
