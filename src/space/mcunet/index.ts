import { GraphBuilder } from '../../arch/builder.js';
import type { ArchGraph } from '../../arch/types.js';
import { SpaceError } from '../../errors.js';
import type { Rng } from '../../util/rng.js';
import { crossoverChoices, sampleChoices, throwIfIssues, validateChoices } from '../categorical.js';
import type { Decision, InitKind, Issue, SearchSpace } from '../types.js';

/** The space-level knobs MCUNet's TinyNAS optimises per device before searching inside the space. */
export interface McunetOptions {
  /** Width multiplier of every stage's channels (MCUNet: 0.2 to 1.0). */
  readonly width: number;
  /** Input height and width in pixels (MCUNet: 48 to 176; down to 16 for small images such as Fashion-MNIST's 28). */
  readonly resolution: number;
  /**
   * Input width in pixels when it differs from `resolution` (the height): non-square inputs such as a keyword
   * spotting spectrogram of 49 frames x 10 coefficients. Defaults to `resolution`.
   */
  readonly columns?: number;
  /** Input channels (3 for RGB, 1 for grey images). */
  readonly channels: number;
  readonly classes: number;
}

const KERNELS = ['3', '5', '7'];
const EXPANDS = ['3', '4', '6'];
const DEPTHS = ['2', '3', '4'];
/** MobileNetV2 stages after the stem: base channels and first-block stride. */
const STAGES: readonly { readonly channels: number; readonly stride: 1 | 2 }[] = [
  { channels: 24, stride: 2 }, { channels: 40, stride: 2 }, { channels: 80, stride: 2 }, { channels: 96, stride: 1 }, { channels: 192, stride: 2 }, { channels: 320, stride: 1 },
];
const MAX_DEPTH = 4;

function makeDecisions(): Decision[] {
  const out: Decision[] = [];
  STAGES.forEach((_, s) => {
    out.push({ name: `stage${s + 1}.depth`, choices: DEPTHS });
    for (let b = 0; b < MAX_DEPTH; b++) {
      out.push({ name: `stage${s + 1}.block${b + 1}.kernel`, choices: KERNELS });
      out.push({ name: `stage${s + 1}.block${b + 1}.expand`, choices: EXPANDS });
    }
  });
  return out;
}

const decisions = makeDecisions();
const perStage = 1 + 2 * MAX_DEPTH;

/**
 * Where each choice sits in an MCUNet genome (for code that works per block, such as differentiable search): per
 * stage one depth decision (2, 3 or 4 blocks), then per block its kernel (3, 5, 7) and expansion (3, 4, 6).
 */
export const MCUNET_LAYOUT = {
  stages: STAGES.length,
  maxDepth: MAX_DEPTH,
  depths: DEPTHS.map(Number),
  depthIndex: (stage: number): number => stage * perStage,
  kernelIndex: (stage: number, block: number): number => stage * perStage + 1 + 2 * block,
  expandIndex: (stage: number, block: number): number => stage * perStage + 2 + 2 * block,
} as const;
const round8 = (c: number) => Math.max(8, Math.round(c / 8) * 8);

/**
 * MCUNet's MobileNetV2-style elastic space (Lin et al. 2020): per stage a depth of 2-4 inverted-residual blocks, per
 * block a kernel of 3/5/7 and an expansion of 3/4/6; the width multiplier and input resolution are fixed per space
 * instance (the knobs TinyNAS picks for a device). Decisions of blocks beyond a stage's depth are inactive: the
 * canonical key and mutation ignore them.
 */
export class McunetSpace implements SearchSpace<readonly number[]> {
  readonly name = 'mcunet';
  readonly decisions = decisions;
  readonly options: McunetOptions;

  constructor(options: Partial<McunetOptions> = {}) {
    this.options = { width: 0.5, resolution: 64, channels: 3, classes: 10, ...options };
    const { width, resolution, channels } = this.options;
    if (!(width >= 0.1 && width <= 2)) throw new SpaceError(`mcunet: width must be in [0.1, 2]; got ${width}.`);
    if (!Number.isInteger(resolution) || resolution < 16 || resolution > 320) throw new SpaceError(`mcunet: resolution must be an integer in [16, 320]; got ${resolution}.`);
    const { columns } = this.options;
    if (columns !== undefined && (!Number.isInteger(columns) || columns < 1 || columns > 320)) throw new SpaceError(`mcunet: columns (the input width) must be an integer in [1, 320]; got ${columns}.`);
    if (!Number.isInteger(channels) || channels < 1 || channels > 16) throw new SpaceError(`mcunet: input channels must be an integer in [1, 16]; got ${channels}.`);
  }

  /** The largest sub-network of the elastic space: depth 4, kernel 7 and expansion 6 everywhere (the supernet). */
  largest(): readonly number[] {
    return decisions.map((d) => d.choices.length - 1);
  }

  /** The smallest: depth 2, kernel 3 and expansion 3 everywhere. */
  smallest(): readonly number[] {
    return decisions.map(() => 0);
  }

  /** Indices of the decisions that shape the network (depth, and kernel/expand of blocks within the depth). */
  private active(g: readonly number[]): number[] {
    const out: number[] = [];
    STAGES.forEach((_, s) => {
      const base = s * perStage;
      out.push(base);
      const depth = Number(DEPTHS[g[base] as number]);
      for (let b = 0; b < depth; b++) out.push(base + 1 + 2 * b, base + 2 + 2 * b);
    });
    return out;
  }

  sample(rng: Rng): readonly number[] {
    return sampleChoices(decisions, rng);
  }

  /** trivial: depth 2, kernel 3, expand 3 everywhere; rich: MobileNetV2's own choices (kernel 3, expand 6, depths 2-4). */
  initial(kind: InitKind, rng: Rng): readonly number[] {
    if (kind === 'random') return this.sample(rng);
    if (kind === 'trivial') return decisions.map(() => 0);
    const depths = [1, 2, 2, 1, 1, 0];
    return decisions.map((d, i) => (i % perStage === 0 ? (depths[Math.floor(i / perStage)] as number) : d.name.endsWith('expand') ? 2 : 0));
  }

  mutate(genome: readonly number[], rng: Rng): readonly number[] {
    const out = [...genome];
    const i = rng.pick(this.active(genome));
    const n = (decisions[i] as Decision).choices.length;
    out[i] = ((genome[i] as number) + rng.int(1, n - 1)) % n;
    return out;
  }

  crossover(a: readonly number[], b: readonly number[], rng: Rng): readonly number[] {
    return crossoverChoices(a, b, rng);
  }

  decode(genome: readonly number[]): ArchGraph {
    throwIfIssues(this.validate(genome));
    const { width, resolution, channels: inChannels, classes } = this.options;
    const b = new GraphBuilder([resolution, this.options.columns ?? resolution, inChannels]);
    let x = b.convBnAct(b.input, { filters: round8(32 * width), kernel: 3, strides: 2, id: 'stem' }, 'relu6');
    x = b.dwBnAct(x, { kernel: 3, id: 'first.dw' }, 'relu6');
    let channels = round8(16 * width);
    x = b.batchNorm(b.conv2d(x, { filters: channels, kernel: 1, useBias: false, id: 'first.pw' }), { id: 'first.bn' });
    STAGES.forEach((stage, s) => {
      const base = s * perStage;
      const depth = Number(DEPTHS[genome[base] as number]);
      const out = round8(stage.channels * width);
      for (let k = 0; k < depth; k++) {
        const kernel = Number(KERNELS[genome[base + 1 + 2 * k] as number]);
        const expand = Number(EXPANDS[genome[base + 2 + 2 * k] as number]);
        const id = `s${s + 1}.b${k + 1}`;
        const stride = k === 0 ? stage.stride : 1;
        let y = b.convBnAct(x, { filters: channels * expand, kernel: 1, id: `${id}.expand` }, 'relu6');
        y = b.dwBnAct(y, { kernel, strides: stride, id: `${id}.dw` }, 'relu6');
        y = b.batchNorm(b.conv2d(y, { filters: out, kernel: 1, useBias: false, id: `${id}.project` }), { id: `${id}.project.bn` });
        x = stride === 1 && out === channels ? b.add([x, y], `${id}.add`) : y;
        channels = out;
      }
    });
    x = b.globalAvgPool(x, 'pool');
    b.dense(x, classes, { id: 'logits' });
    return b.build();
  }

  validate(genome: unknown): readonly Issue[] {
    return validateChoices(this.name, decisions, genome);
  }

  /** The active decisions only, so genomes that differ in unused blocks share a key. */
  key(genome: readonly number[]): string {
    const active = new Set(this.active(genome));
    return genome.map((v, i) => (active.has(i) ? v : '-')).join('');
  }

  toJSON(genome: readonly number[]): number[] {
    return [...genome];
  }

  fromJSON(json: unknown): readonly number[] {
    throwIfIssues(this.validate(json));
    return [...(json as number[])];
  }
}
