import { GraphBuilder } from '../../arch/builder.js';
import type { ArchGraph } from '../../arch/types.js';
import type { Rng } from '../../util/rng.js';
import { throwIfIssues } from '../categorical.js';
import type { InitKind, Issue, SearchSpace } from '../types.js';
import { defaultChainOptions, type ChainGenome, type ChainHead, type ChainOptions, type FeatureLayer } from './genome.js';
import { cut, morph, randomLayer, repair } from './operators.js';
import { validateChain } from './validate.js';

export type { ChainGenome, ChainHead, ChainOptions, FeatureLayer } from './genome.js';

/**
 * The chain-structured, variable-length space in the style of uNAS (Liberis et al. 2021): a sequence of conv,
 * depthwise and pooling layers (conv and depthwise followed by BN and ReLU), a global average pool or a flatten, hidden dense
 * layers and the classifier. It grows and shrinks by add/remove/change-layer morphisms; crossover cuts both parents
 * at layer boundaries and repairs downsampling the map cannot afford.
 */
export class ChainSpace implements SearchSpace<ChainGenome> {
  readonly name = 'chain';
  readonly options: ChainOptions;

  constructor(options: Partial<ChainOptions> = {}) {
    this.options = { ...defaultChainOptions, ...options };
  }

  sample(rng: Rng): ChainGenome {
    const n = rng.int(1, this.options.maxFeatures);
    const features = Array.from({ length: n }, () => randomLayer(this.options, rng));
    const dense = Array.from({ length: rng.int(0, this.options.maxDense) }, () => rng.pick(this.options.units));
    return repair({ features, head: rng.next() < 0.5 ? 'gap' : 'flatten', dense }, this.options);
  }

  /** trivial: one 3x3 conv with the fewest filters; rich: a small VGG-like and a DS-CNN-like chain. */
  initial(kind: InitKind, rng: Rng): ChainGenome {
    const o = this.options;
    if (kind === 'random') return this.sample(rng);
    if (kind === 'trivial') return { features: [{ type: 'conv', filters: o.filters[0] as number, kernel: 3, stride: 1 }], head: 'gap', dense: [] };
    const f = (n: number) => o.filters.reduce((best, x) => (Math.abs(x - n) < Math.abs(best - n) ? x : best));
    const vgg: FeatureLayer[] = [{ type: 'conv', filters: f(16), kernel: 3, stride: 1 }, { type: 'pool', pool: 'max' }, { type: 'conv', filters: f(32), kernel: 3, stride: 1 }, { type: 'pool', pool: 'max' }, { type: 'conv', filters: f(32), kernel: 3, stride: 1 }];
    const ds: FeatureLayer[] = [{ type: 'conv', filters: f(64), kernel: 3, stride: 2 }, ...Array.from({ length: 4 }, (): FeatureLayer[] => [{ type: 'dwconv', kernel: 3, stride: 1 }, { type: 'conv', filters: f(64), kernel: 1, stride: 1 }]).flat()];
    const pick = rng.next() < 0.5 ? { features: vgg, head: 'flatten' as const } : { features: ds, head: 'gap' as const };
    return repair({ features: pick.features.slice(0, o.maxFeatures), head: pick.head, dense: [] }, o);
  }

  mutate(genome: ChainGenome, rng: Rng): ChainGenome {
    for (;;) {
      const m = repair(morph(genome, this.options, rng), this.options);
      if (this.key(m) !== this.key(genome)) return m;
    }
  }

  crossover(a: ChainGenome, b: ChainGenome, rng: Rng): ChainGenome {
    return repair(cut(a, b, this.options, rng), this.options);
  }

  decode(genome: ChainGenome): ArchGraph {
    throwIfIssues(this.validate(genome));
    const b = new GraphBuilder(this.options.inputShape);
    let x = b.input;
    genome.features.forEach((l, i) => {
      const id = `f${i + 1}`;
      if (l.type === 'conv') x = b.convBnAct(x, { filters: l.filters, kernel: l.kernel, strides: l.stride, id });
      else if (l.type === 'dwconv') x = b.dwBnAct(x, { kernel: l.kernel, strides: l.stride, id });
      else x = l.pool === 'max' ? b.maxPool(x, { pool: 2, id }) : b.avgPool(x, { pool: 2, id });
    });
    x = genome.head === 'gap' ? b.globalAvgPool(x, 'pool') : b.flatten(x, 'flatten');
    genome.dense.forEach((u, i) => { x = b.activation(b.dense(x, u, { id: `d${i + 1}` }), 'relu', `d${i + 1}.relu`); });
    b.dense(x, this.options.classes, { id: 'logits' });
    return b.build();
  }

  validate(genome: unknown): readonly Issue[] {
    return validateChain(genome, this.options);
  }

  key(genome: ChainGenome): string {
    return JSON.stringify(this.toJSON(genome));
  }

  toJSON(genome: ChainGenome): { features: FeatureLayer[]; head: ChainHead; dense: number[] } {
    const ordered = (l: FeatureLayer): FeatureLayer => (l.type === 'conv' ? { type: 'conv', filters: l.filters, kernel: l.kernel, stride: l.stride }
      : l.type === 'dwconv' ? { type: 'dwconv', kernel: l.kernel, stride: l.stride } : { type: 'pool', pool: l.pool });
    return { features: genome.features.map(ordered), head: genome.head, dense: [...genome.dense] };
  }

  fromJSON(json: unknown): ChainGenome {
    throwIfIssues(this.validate(json));
    return this.toJSON(json as ChainGenome);
  }
}
