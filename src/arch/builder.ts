import type { ActivationFn, ArchGraph, Padding, Shape } from './types.js';
import { buildGraph, type NodeSpec } from './graph.js';

type Pair = number | readonly [number, number];
const pair = (p: Pair): [number, number] => (typeof p === 'number' ? [p, p] : [p[0], p[1]]);

/** Options of `GraphBuilder.conv2d`; unset fields take the defaults shown. */
export interface ConvOptions { filters: number; kernel?: Pair; strides?: Pair; padding?: Padding; dilation?: Pair; groups?: number; useBias?: boolean; id?: string }
/** Options of `GraphBuilder.depthwiseConv2d`. */
export interface DepthwiseOptions { kernel?: Pair; strides?: Pair; padding?: Padding; depthMultiplier?: number; useBias?: boolean; id?: string }
/** Options of the pooling methods. */
export interface PoolOptions { pool: Pair; strides?: Pair; padding?: Padding; id?: string }

/**
 * Builds an ArchGraph step by step; each method returns the new node's id. Ids default to `<kind>_<n>`.
 * `build()` checks everything and infers shapes (throws ShapeError).
 */
export class GraphBuilder {
  private readonly specs: NodeSpec[] = [];
  private counter = 0;

  constructor(private readonly inputShape: Shape, inputId = 'input') {
    this.specs.push({ id: inputId, kind: 'input', inputs: [], attrs: {} });
  }

  /** The id of the input node. */
  get input(): string {
    return (this.specs[0] as NodeSpec).id;
  }

  private push(spec: NodeSpec): string {
    this.specs.push(spec);
    return spec.id;
  }

  private nextId(kind: string, id?: string): string {
    return id ?? `${kind}_${++this.counter}`;
  }

  conv2d(from: string, o: ConvOptions): string {
    return this.push({ id: this.nextId('conv2d', o.id), kind: 'conv2d', inputs: [from], attrs: {
      filters: o.filters, kernel: pair(o.kernel ?? 3), strides: pair(o.strides ?? 1), padding: o.padding ?? 'same',
      dilation: pair(o.dilation ?? 1), groups: o.groups ?? 1, useBias: o.useBias ?? true } });
  }

  depthwiseConv2d(from: string, o: DepthwiseOptions = {}): string {
    return this.push({ id: this.nextId('dwconv', o.id), kind: 'depthwiseConv2d', inputs: [from], attrs: {
      kernel: pair(o.kernel ?? 3), strides: pair(o.strides ?? 1), padding: o.padding ?? 'same',
      depthMultiplier: o.depthMultiplier ?? 1, useBias: o.useBias ?? true } });
  }

  dense(from: string, units: number, o: { useBias?: boolean; id?: string } = {}): string {
    return this.push({ id: this.nextId('dense', o.id), kind: 'dense', inputs: [from], attrs: { units, useBias: o.useBias ?? true } });
  }

  batchNorm(from: string, o: { epsilon?: number; momentum?: number; id?: string } = {}): string {
    return this.push({ id: this.nextId('bn', o.id), kind: 'batchNorm', inputs: [from], attrs: { epsilon: o.epsilon ?? 1e-3, momentum: o.momentum ?? 0.9 } });
  }

  activation(from: string, fn: ActivationFn, id?: string): string {
    return this.push({ id: this.nextId(fn, id), kind: 'activation', inputs: [from], attrs: { fn } });
  }

  maxPool(from: string, o: PoolOptions): string {
    return this.push({ id: this.nextId('maxpool', o.id), kind: 'maxPool', inputs: [from], attrs: { pool: pair(o.pool), strides: pair(o.strides ?? o.pool), padding: o.padding ?? 'valid' } });
  }

  avgPool(from: string, o: PoolOptions): string {
    return this.push({ id: this.nextId('avgpool', o.id), kind: 'avgPool', inputs: [from], attrs: { pool: pair(o.pool), strides: pair(o.strides ?? o.pool), padding: o.padding ?? 'valid' } });
  }

  globalAvgPool(from: string, id?: string): string {
    return this.push({ id: this.nextId('gap', id), kind: 'globalAvgPool', inputs: [from], attrs: {} });
  }

  add(inputs: readonly string[], id?: string): string {
    return this.push({ id: this.nextId('add', id), kind: 'add', inputs, attrs: {} });
  }

  concat(inputs: readonly string[], id?: string): string {
    return this.push({ id: this.nextId('concat', id), kind: 'concat', inputs, attrs: {} });
  }

  flatten(from: string, id?: string): string {
    return this.push({ id: this.nextId('flatten', id), kind: 'flatten', inputs: [from], attrs: {} });
  }

  identity(from: string, id?: string): string {
    return this.push({ id: this.nextId('identity', id), kind: 'identity', inputs: [from], attrs: {} });
  }

  zero(from: string, id?: string): string {
    return this.push({ id: this.nextId('zero', id), kind: 'zero', inputs: [from], attrs: {} });
  }

  zeroPad(from: string, pad: { top: number; bottom: number; left: number; right: number }, id?: string): string {
    return this.push({ id: this.nextId('zeropad', id), kind: 'zeroPad', inputs: [from], attrs: { ...pad } });
  }

  /** conv2d (no bias) -> batchNorm -> activation, the usual block; returns the activation's id. */
  convBnAct(from: string, o: ConvOptions, fn: ActivationFn = 'relu'): string {
    const base = o.id ?? this.nextId('conv');
    const c = this.conv2d(from, { ...o, useBias: false, id: `${base}.conv` });
    const b = this.batchNorm(c, { id: `${base}.bn` });
    return this.activation(b, fn, `${base}.${fn}`);
  }

  /** depthwiseConv2d (no bias) -> batchNorm -> activation; returns the activation's id. */
  dwBnAct(from: string, o: DepthwiseOptions, fn: ActivationFn = 'relu'): string {
    const base = o.id ?? this.nextId('dw');
    const c = this.depthwiseConv2d(from, { ...o, useBias: false, id: `${base}.dw` });
    const b = this.batchNorm(c, { id: `${base}.bn` });
    return this.activation(b, fn, `${base}.${fn}`);
  }

  /** Checks the graph and infers shapes; `output` defaults to the last node added. */
  build(output?: string): ArchGraph {
    return buildGraph(this.inputShape, this.specs, output);
  }
}
