import type { Rng } from '../../util/rng.js';
import type { ChainGenome, ChainOptions, FeatureLayer } from './genome.js';
import { halves, validateChain } from './validate.js';

/** A random feature layer: conv half the time, else depthwise or pool. */
export function randomLayer(o: ChainOptions, rng: Rng): FeatureLayer {
  const r = rng.next();
  const stride = rng.next() < 0.25 ? 2 : 1;
  if (r < 0.5) return { type: 'conv', filters: rng.pick(o.filters), kernel: rng.pick(o.kernels), stride };
  if (r < 0.8) return { type: 'dwconv', kernel: rng.pick(o.kernels.filter((k) => k > 1)), stride };
  return { type: 'pool', pool: rng.pick(['max', 'avg'] as const) };
}

/** Makes a genome valid by removing downsampling that the map size cannot afford, from the end backwards. */
export function repair(g: ChainGenome, o: ChainOptions): ChainGenome {
  let features = [...g.features];
  while (validateChain({ features, head: g.head, dense: g.dense }, o).length > 0) {
    const last = features.map((l, i) => (halves(l) ? i : -1)).filter((i) => i >= 0).pop();
    if (last === undefined) break;
    const l = features[last] as FeatureLayer;
    features = l.type === 'pool' ? features.filter((_, i) => i !== last) : features.map((x, i) => (i === last ? { ...l, stride: 1 } : x));
    if (features.length === 0) features = [{ type: 'conv', filters: o.filters[0] as number, kernel: 3, stride: 1 }];
  }
  return { features, head: g.head, dense: g.dense };
}

/** Changes one field of one layer to another allowed value. */
function changeLayer(l: FeatureLayer, o: ChainOptions, rng: Rng): FeatureLayer {
  const other = <T>(xs: readonly T[], cur: T): T => rng.pick(xs.filter((x) => x !== cur));
  if (l.type === 'pool') return { ...l, pool: l.pool === 'max' ? 'avg' : 'max' };
  const field = rng.pick(l.type === 'conv' ? ['filters', 'kernel', 'stride', 'type'] : ['kernel', 'stride', 'type']);
  if (field === 'type') return l.type === 'conv' ? { type: 'dwconv', kernel: l.kernel === 1 ? 3 : l.kernel, stride: l.stride } : { type: 'conv', filters: rng.pick(o.filters), kernel: l.kernel, stride: l.stride };
  if (field === 'stride') return { ...l, stride: l.stride === 1 ? 2 : 1 };
  if (field === 'kernel') return { ...l, kernel: other(l.type === 'dwconv' ? o.kernels.filter((k) => k > 1) : o.kernels, l.kernel) };
  return l.type === 'conv' ? { ...l, filters: other(o.filters, l.filters) } : l;
}

/** One network morphism (uNAS): add, remove or change a feature layer, or add, remove or change a dense layer. */
export function morph(g: ChainGenome, o: ChainOptions, rng: Rng): ChainGenome {
  const f = [...g.features];
  const d = [...g.dense];
  const moves: string[] = ['change', 'head'];
  if (f.length < o.maxFeatures) moves.push('add');
  if (f.length > 1) moves.push('remove');
  if (d.length < o.maxDense) moves.push('addDense');
  if (d.length > 0) moves.push('removeDense', 'changeDense');
  const at = (n: number) => rng.int(0, n - 1);
  switch (rng.pick(moves)) {
    case 'add': f.splice(rng.int(0, f.length), 0, randomLayer(o, rng)); break;
    case 'remove': f.splice(at(f.length), 1); break;
    case 'change': { const i = at(f.length); f[i] = changeLayer(f[i] as FeatureLayer, o, rng); break; }
    case 'head': return { features: f, head: g.head === 'gap' ? 'flatten' : 'gap', dense: d };
    case 'addDense': d.splice(rng.int(0, d.length), 0, rng.pick(o.units)); break;
    case 'removeDense': d.splice(at(d.length), 1); break;
    case 'changeDense': { const i = at(d.length); d[i] = rng.pick(o.units.filter((u) => u !== d[i])); break; }
  }
  return { features: f, head: g.head, dense: d };
}

/** One-point crossover at layer boundaries: a's prefix and b's suffix, cut independently in each, then repaired. */
export function cut(a: ChainGenome, b: ChainGenome, o: ChainOptions, rng: Rng): ChainGenome {
  const i = rng.int(1, a.features.length);
  const j = rng.int(0, b.features.length - 1);
  const features = [...a.features.slice(0, i), ...b.features.slice(j)].slice(0, o.maxFeatures);
  const tail = rng.next() < 0.5 ? a : b;
  return { features, head: tail.head, dense: tail.dense };
}
