import { GraphBuilder } from '../../arch/builder.js';
import type { ArchGraph } from '../../arch/types.js';
import type { Rng } from '../../util/rng.js';
import { crossoverChoices, mutateChoices, sampleChoices, throwIfIssues, validateChoices } from '../categorical.js';
import type { Decision, InitKind, Issue, SearchSpace } from '../types.js';

/** One stage of the MnasNet skeleton: base channels and the stride of its first layer. */
export interface MnasStage { readonly channels: number; readonly stride: 1 | 2 }

/** Options of the MnasNet space: the stage skeleton, input and classes. */
export interface MnasnetOptions {
  readonly stages: readonly MnasStage[];
  readonly inputShape: readonly [number, number, number];
  readonly classes: number;
}

const OPS = ['conv', 'dwsep', 'mbconv3', 'mbconv6'];
const KERNELS = ['3', '5'];
const SKIPS = ['none', 'identity'];
const LAYERS = ['1', '2', '3', '4'];
const WIDTHS = ['0.75', '1.0', '1.25'];
const FIELDS = [['op', OPS], ['kernel', KERNELS], ['skip', SKIPS], ['layers', LAYERS], ['width', WIDTHS]] as const;

/** A 32x32 skeleton for MCUs: five stages, three of them downsampling. */
const DEFAULT_STAGES: readonly MnasStage[] = [
  { channels: 16, stride: 1 }, { channels: 24, stride: 2 }, { channels: 32, stride: 2 }, { channels: 64, stride: 2 }, { channels: 96, stride: 1 },
];

const round8 = (c: number) => Math.max(8, Math.round(c / 8) * 8);

/**
 * MnasNet's factorised hierarchical space (Tan et al. 2019): the network is cut into stages and each stage searches
 * its own block: op (plain conv, depthwise-separable conv, MBConv with expansion 3 or 6), kernel 3/5, skip
 * (identity residual or none), number of layers 1-4 and a width multiplier 0.75/1.0/1.25 of the stage's base
 * channels. Unlike MnasNet, there is no squeeze-and-excitation choice: it is rarely worth its latency on MCUs.
 */
export class MnasnetSpace implements SearchSpace<readonly number[]> {
  readonly name = 'mnasnet';
  readonly options: MnasnetOptions;
  readonly decisions: readonly Decision[];

  constructor(options: Partial<MnasnetOptions> = {}) {
    this.options = { stages: DEFAULT_STAGES, inputShape: [32, 32, 3], classes: 10, ...options };
    this.decisions = this.options.stages.flatMap((_, s) => FIELDS.map(([field, choices]) => ({ name: `stage${s + 1}.${field}`, choices })));
  }

  sample(rng: Rng): readonly number[] {
    return sampleChoices(this.decisions, rng);
  }

  /** trivial: one plain 3x3 conv layer per stage at width 0.75, no skip; rich: MobileNetV2-like MBConv6 stages. */
  initial(kind: InitKind, rng: Rng): readonly number[] {
    if (kind === 'random') return this.sample(rng);
    const stage = kind === 'trivial' ? [0, 0, 0, 0, 0] : [3, 0, 1, 1, 1];
    return this.options.stages.flatMap(() => stage);
  }

  mutate(genome: readonly number[], rng: Rng): readonly number[] {
    return mutateChoices(this.decisions, genome, rng);
  }

  crossover(a: readonly number[], b: readonly number[], rng: Rng): readonly number[] {
    return crossoverChoices(a, b, rng);
  }

  private layer(b: GraphBuilder, x: string, inC: number, outC: number, op: string, kernel: number, stride: number, id: string): string {
    if (op === 'conv') return b.convBnAct(x, { filters: outC, kernel, strides: stride, id }, 'relu6');
    let y = x;
    if (op.startsWith('mbconv')) y = b.convBnAct(y, { filters: inC * Number(op.slice(6)), kernel: 1, id: `${id}.expand` }, 'relu6');
    y = b.dwBnAct(y, { kernel, strides: stride, id: `${id}.dw` }, 'relu6');
    return b.batchNorm(b.conv2d(y, { filters: outC, kernel: 1, useBias: false, id: `${id}.project` }), { id: `${id}.project.bn` });
  }

  decode(genome: readonly number[]): ArchGraph {
    throwIfIssues(this.validate(genome));
    const b = new GraphBuilder(this.options.inputShape);
    let channels = 16;
    let x = b.convBnAct(b.input, { filters: channels, kernel: 3, id: 'stem' }, 'relu6');
    this.options.stages.forEach((stage, s) => {
      const [op, kernel, skip, layers, width] = FIELDS.map((_, f) => genome[s * FIELDS.length + f] as number) as [number, number, number, number, number];
      const out = round8(stage.channels * Number(WIDTHS[width]));
      for (let l = 0; l < Number(LAYERS[layers]); l++) {
        const stride = l === 0 ? stage.stride : 1;
        const y = this.layer(b, x, channels, out, OPS[op] as string, Number(KERNELS[kernel]), stride, `s${s + 1}.l${l + 1}`);
        x = SKIPS[skip] === 'identity' && stride === 1 && out === channels ? b.add([x, y], `s${s + 1}.l${l + 1}.add`) : y;
        channels = out;
      }
    });
    x = b.globalAvgPool(x, 'pool');
    b.dense(x, this.options.classes, { id: 'logits' });
    return b.build();
  }

  validate(genome: unknown): readonly Issue[] {
    return validateChoices(this.name, this.decisions, genome);
  }

  key(genome: readonly number[]): string {
    return genome.join('');
  }

  toJSON(genome: readonly number[]): number[] {
    return [...genome];
  }

  fromJSON(json: unknown): readonly number[] {
    throwIfIssues(this.validate(json));
    return [...(json as number[])];
  }
}
