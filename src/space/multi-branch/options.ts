import { SpaceError } from '../../errors.js';
import type { Shape } from '../../arch/types.js';

/** Options of `MultiBranchSpace`; unset fields take the defaults of `MULTI_BRANCH_DEFAULTS`. */
export interface MultiBranchOptions {
  /** Input shape [height, width, channels]. */
  readonly inputShape?: Shape;
  /** Number of classes of the dense head. */
  readonly classes?: number;
  /** Number of stages, joined by 2x2 max pooling. */
  readonly stages?: number;
  /** Conv nodes per stage (K in Genetic CNN); a stage has K(K-1)/2 connection bits. */
  readonly nodesPerStage?: number;
  /** Channels of stage 1; each later stage doubles them. */
  readonly baseChannels?: number;
}

/** Options with every field filled in. */
export type MultiBranchConfig = Required<MultiBranchOptions>;

/** The defaults: 32x32x3 input, 10 classes, 3 stages of 4 nodes with 16, 32 and 64 channels. */
export const MULTI_BRANCH_DEFAULTS: MultiBranchConfig = { inputShape: [32, 32, 3], classes: 10, stages: 3, nodesPerStage: 4, baseChannels: 16 };

function checkInt(value: unknown, name: string, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new SpaceError(`multi-branch: options.${name} must be an integer in [${min}, ${max}]; got ${JSON.stringify(value)}.`);
  }
}

/** Fills defaults and checks ranges; throws SpaceError naming the option. */
export function multiBranchConfig(options: MultiBranchOptions = {}): MultiBranchConfig {
  const c: MultiBranchConfig = { ...MULTI_BRANCH_DEFAULTS, ...options };
  checkInt(c.classes, 'classes', 1, 1 << 16);
  checkInt(c.stages, 'stages', 1, 8);
  // Fewer than 2 nodes leaves no connection bit, so there would be nothing to search or mutate.
  checkInt(c.nodesPerStage, 'nodesPerStage', 2, 12);
  checkInt(c.baseChannels, 'baseChannels', 1, 4096);
  const s = c.inputShape;
  if (!Array.isArray(s) || s.length !== 3 || s.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new SpaceError(`multi-branch: options.inputShape must be [height, width, channels] of positive integers; got ${JSON.stringify(s)}.`);
  }
  // Each of the stages - 1 valid 2x2 poolings halves (floor) the size, which must stay >= 1.
  const min = 2 ** (c.stages - 1);
  if (Math.min(s[0] as number, s[1] as number) < min) {
    throw new SpaceError(`multi-branch: options.inputShape height and width must be >= ${min} for ${c.stages} stages (one 2x2 pool between stages); got ${JSON.stringify(s)}. Use fewer stages.`);
  }
  return c;
}
