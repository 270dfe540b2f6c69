import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { residualBranchEnds } from '../arch/graph.js';
import type { ArchGraph } from '../arch/types.js';
import type { Split } from '../data/dataset.js';
import { EngineError } from '../errors.js';
import { useBackend } from './backend.js';
import type { Evaluation, FitData, FitHooks, FitResult } from './fit-loop.js';
import type { FitOptionsInput } from './fit-options.js';
import { ENABLE_NATIVE, loadNative } from './native/addon.js';
import { NativeModel, nativeUnsupported } from './native/model.js';
import { evaluateNative, fitNative } from './native/train.js';
import { TfModel } from './tfjs/model.js';
import { evaluate, fit } from './tfjs/train.js';
import { simdKernels } from './wasm-kernels/simd/index.js';
import type { WeightTensor } from './weights.js';

/** Engines a user can ask for. 'auto' prefers the native (oneDNN) engine when its addon is built, else TF.js. */
export const engineNames = ['auto', 'native', 'wasm', 'cpu', 'tensorflow'] as const;
/** An engine name accepted by `useEngine`. */
export type EngineName = (typeof engineNames)[number];

/** A model that an engine trains: the part of the engine interface the estimators and the search use. */
export interface TrainableModel {
  readonly graph: ArchGraph;
  /** The engine that runs this model ('native', or the TF.js backend's name). */
  readonly engine: string;
  fit(data: FitData, options?: FitOptionsInput, hooks?: FitHooks): FitResult;
  evaluate(split: Split, options?: { batchSize?: number }): Evaluation;
  getWeights(): WeightTensor[];
  setWeights(weights: readonly WeightTensor[], partial?: boolean): string[];
  dispose(): void;
}

/** The engine in use: its name, a line describing it for logs, and the model factory. */
export interface Engine {
  readonly name: Exclude<EngineName, 'auto'>;
  /** e.g. "native (oneDNN 2.6.3, 2 threads)" or "wasm (TF.js, SIMD training kernels)". */
  readonly description: string;
  /**
   * Builds a model to train from scratch, its weights initialised from `seed` (the same values on every engine) and
   * every residual branch starting as the identity (its last batch norm at gamma 0).
   */
  createModel(graph: ArchGraph, seed: number): TrainableModel;
}

/** What the adapter needs of an engine's model class: weights in the shared layout, and freeing. */
interface EngineModel {
  getWeights(): WeightTensor[];
  setWeights(weights: readonly WeightTensor[], partial?: boolean): string[];
  dispose(): void;
}

/** An engine's model behind the engine-neutral interface, with that engine's fit and evaluate. */
class Trainable<M extends EngineModel> implements TrainableModel {
  constructor(readonly graph: ArchGraph, readonly engine: string, readonly model: M,
    private readonly train: (m: M, data: FitData, options?: FitOptionsInput, hooks?: FitHooks) => FitResult,
    private readonly score: (m: M, split: Split, options?: { batchSize?: number }) => Evaluation) {}
  fit(data: FitData, options?: FitOptionsInput, hooks?: FitHooks): FitResult { return this.train(this.model, data, options, hooks); }
  evaluate(split: Split, options?: { batchSize?: number }): Evaluation { return this.score(this.model, split, options); }
  getWeights(): WeightTensor[] { return this.model.getWeights(); }
  setWeights(weights: readonly WeightTensor[], partial?: boolean): string[] { return this.model.setWeights(weights, partial); }
  dispose(): void { this.model.dispose(); }
}

/**
 * A model to train from scratch: its seeded weights, with the last batch norm of every residual branch at gamma 0
 * (zero-gamma, Goyal et al. 2017), so each block starts as the identity and deep networks train as readily as
 * shallow ones. On Fashion-MNIST this lifted 8-epoch accuracies of six MCUNet-space networks by 3.4-8.6 points, most for
 * the deepest (docs/estimation.md).
 */
function fromScratch<M extends EngineModel>(graph: ArchGraph, model: M): M {
  const ends = residualBranchEnds(graph);
  if (ends.size === 0) return model;
  const zeroed = model.getWeights().filter((w) => ends.has(w.name.slice(0, w.name.lastIndexOf('/'))) && w.name.endsWith('/gamma'));
  model.setWeights(zeroed.map((w) => ({ ...w, values: new Float32Array(w.values.length) })), true);
  return model;
}

const tfTrainable = (graph: ArchGraph, seed: number, backend: string): TrainableModel => new Trainable(graph, backend, fromScratch(graph, new TfModel(graph, seed)), fit, evaluate);
const nativeTrainable = (graph: ArchGraph, seed: number): TrainableModel => new Trainable(graph, 'native', fromScratch(graph, new NativeModel(graph, seed)), fitNative, evaluateNative);

/** A TF.js model on the active TF.js backend behind the engine-neutral interface. */
export function tfjsTrainable(graph: ArchGraph, seed: number): TrainableModel {
  return tfTrainable(graph, seed, tf.getBackend());
}

/** Threads for one training job: TINYEVO_THREADS when set (local workers get their share), else every core. */
export function defaultThreads(): number {
  const env = Number(process.env.TINYEVO_THREADS);
  return Number.isInteger(env) && env >= 1 ? env : availableParallelism();
}

/**
 * Selects the engine that trains candidates. 'native' needs the oneDNN addon (EngineError saying how to build it
 * when it is missing); 'auto' takes it when built, else TF.js (tfjs-node when installed, else wasm). With the
 * native engine, TF.js still runs what only it implements (calibration, one-shot and differentiable search) on
 * wasm, and a graph with an op the native engine lacks trains on wasm under 'auto' (`onFallback` hears why) and is
 * refused under 'native'.
 */
export async function useEngine(name: string = 'auto', options: { threads?: number; onFallback?: (message: string) => void } = {}): Promise<Engine> {
  if (!(engineNames as readonly string[]).includes(name)) {
    throw new EngineError(`engine: name must be one of ${engineNames.join(', ')}; got ${JSON.stringify(name)}.`);
  }
  const { addon, reason } = loadNative();
  if (name === 'native' && !addon) throw new EngineError(`engine 'native': ${reason}. To enable it, ${ENABLE_NATIVE}. Or use --engine wasm.`);
  if (name === 'native' || (name === 'auto' && addon)) {
    const native = addon as NonNullable<typeof addon>;
    const threads = options.threads ?? defaultThreads();
    if (!(Number.isInteger(threads) && threads >= 1)) throw new EngineError(`engine 'native': threads must be a positive integer; got ${threads}.`);
    native.setThreads(threads);
    const tfBackend = await useBackend('wasm');
    const explicit = name === 'native';
    return {
      name: 'native',
      description: `native (oneDNN ${native.version()}, ${threads} thread${threads === 1 ? '' : 's'})`,
      createModel(graph, seed) {
        const lacking = nativeUnsupported(graph);
        if (!lacking) return nativeTrainable(graph, seed);
        if (explicit) throw new EngineError(`engine 'native' cannot run ${lacking}. Use --engine wasm (or auto) for this space.`);
        options.onFallback?.(`native engine lacks ${lacking}; this candidate trains on TF.js ${tfBackend}`);
        return tfTrainable(graph, seed, tfBackend);
      },
    };
  }
  const backend = await useBackend(name === 'auto' ? 'auto' : name);
  // The wasm path is several times slower without tinyevo's SIMD kernels (a checkout built without `npm run build:simd`).
  const kernels = backend !== 'wasm' ? '' : simdKernels(tf.backend()) ? ', SIMD training kernels' : ', composed training kernels: run `npm run build:simd` for the SIMD ones';
  return { name: backend, description: `${backend} (TF.js${kernels})`, createModel: (graph, seed) => tfTrainable(graph, seed, backend) };
}
