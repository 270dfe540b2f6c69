import type { Issue } from '../types.js';
import type { ChainOptions, FeatureLayer } from './genome.js';

const NAME = 'chain';

function oneOf(issues: Issue[], path: string, value: unknown, allowed: readonly unknown[]): void {
  if (!allowed.includes(value)) issues.push({ path, message: `${NAME}: ${path} must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)}.` });
}

function checkLayer(issues: Issue[], layer: unknown, i: number, o: ChainOptions): void {
  const path = `features[${i}]`;
  if (layer === null || typeof layer !== 'object') {
    issues.push({ path, message: `${NAME}: ${path} must be a layer object; got ${JSON.stringify(layer)}.` });
    return;
  }
  const l = layer as Partial<Record<string, unknown>>;
  oneOf(issues, `${path}.type`, l.type, ['conv', 'dwconv', 'pool']);
  if (l.type === 'conv') oneOf(issues, `${path}.filters`, l.filters, o.filters);
  if (l.type === 'conv' || l.type === 'dwconv') {
    oneOf(issues, `${path}.kernel`, l.kernel, o.kernels);
    oneOf(issues, `${path}.stride`, l.stride, [1, 2]);
  }
  if (l.type === 'pool') oneOf(issues, `${path}.pool`, l.pool, ['max', 'avg']);
}

/** Halvings of the spatial size a layer causes (stride 2 or a 2x2 pool). */
export function halves(l: FeatureLayer): boolean {
  return l.type === 'pool' || l.stride === 2;
}

/** The issues of a chain genome: structure, every field against the options, and that the map never shrinks below 1x1. */
export function validateChain(genome: unknown, o: ChainOptions): Issue[] {
  if (genome === null || typeof genome !== 'object' || !Array.isArray((genome as { features?: unknown }).features) || !Array.isArray((genome as { dense?: unknown }).dense)) {
    return [{ path: '', message: `${NAME}: genome must be {features: [...], head: 'gap' | 'flatten', dense: [...]}; got ${JSON.stringify(genome)}.` }];
  }
  const g = genome as { features: unknown[]; dense: unknown[] };
  const issues: Issue[] = [];
  if (g.features.length < 1 || g.features.length > o.maxFeatures) {
    issues.push({ path: 'features', message: `${NAME}: features must have 1 to ${o.maxFeatures} layers; got ${g.features.length}.` });
  }
  if (g.dense.length > o.maxDense) issues.push({ path: 'dense', message: `${NAME}: dense must have at most ${o.maxDense} layers; got ${g.dense.length}.` });
  g.features.forEach((l, i) => checkLayer(issues, l, i, o));
  g.dense.forEach((u, i) => oneOf(issues, `dense[${i}]`, u, o.units));
  oneOf(issues, 'head', (genome as { head?: unknown }).head, ['gap', 'flatten']);
  if (issues.length === 0) {
    let h = o.inputShape[0];
    let w = o.inputShape[1];
    (g.features as FeatureLayer[]).forEach((l, i) => {
      if (!halves(l)) return;
      if (l.type === 'pool' && (h < 2 || w < 2)) issues.push({ path: `features[${i}]`, message: `${NAME}: features[${i}] pool must see a map of at least 2x2; got ${h}x${w}.` });
      h = l.type === 'pool' ? Math.floor(h / 2) : Math.ceil(h / 2);
      w = l.type === 'pool' ? Math.floor(w / 2) : Math.ceil(w / 2);
    });
  }
  return issues;
}
