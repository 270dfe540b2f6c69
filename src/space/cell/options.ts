import type { Shape } from '../../arch/types.js';
import { SpaceError } from '../../errors.js';

/** Options of `CellSpace`; unset fields take the defaults of `CELL_DEFAULTS`. */
export interface CellOptions {
  /** Input shape [height, width, channels]. */
  readonly inputShape?: Shape;
  /** Number of classes of the dense head. */
  readonly classes?: number;
  /** Intermediate nodes per cell (B in NASNet and DARTS). */
  readonly nodes?: number;
  /** Normal cells per stage. */
  readonly cells?: number;
  /** Stages; a reduction cell sits between two stages. */
  readonly stages?: number;
  /** Channels of the stem and of stage 1; each reduction doubles them. */
  readonly baseChannels?: number;
}

/** Options with every field filled in. */
export type CellConfig = Required<CellOptions>;

/**
 * The defaults: 32x32x3 input, 10 classes, B = 4, 3 stages of 1 normal cell (8, 16, 32 channels) with 2 reduction
 * cells between them. DARTS on CIFAR-10 uses 36 channels and 6 cells per stage (about 0.5 G MACs); this is sized for
 * microcontrollers (about 1 to 7 M MACs; we measured 2.6 to 6.4 M over 500 samples).
 */
export const CELL_DEFAULTS: CellConfig = { inputShape: [32, 32, 3], classes: 10, nodes: 4, cells: 1, stages: 3, baseChannels: 8 };

function checkInt(value: unknown, name: string, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new SpaceError(`cell: options.${name} must be an integer in [${min}, ${max}]; got ${JSON.stringify(value)}.`);
  }
}

/** Fills defaults and checks ranges; throws SpaceError naming the option. */
export function cellConfig(options: CellOptions = {}): CellConfig {
  const c: CellConfig = { ...CELL_DEFAULTS, ...options };
  checkInt(c.classes, 'classes', 1, 1 << 16);
  checkInt(c.nodes, 'nodes', 1, 8);
  checkInt(c.cells, 'cells', 1, 16);
  checkInt(c.stages, 'stages', 1, 6);
  checkInt(c.baseChannels, 'baseChannels', 1, 4096);
  const s = c.inputShape;
  if (!Array.isArray(s) || s.length !== 3 || s.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new SpaceError(`cell: options.inputShape must be [height, width, channels] of positive integers; got ${JSON.stringify(s)}.`);
  }
  const min = 2 ** (c.stages - 1);
  if (Math.min(s[0] as number, s[1] as number) < min) {
    throw new SpaceError(`cell: options.inputShape height and width must be >= ${min} for ${c.stages} stages (each reduction halves them); got ${JSON.stringify(s)}. Use fewer stages.`);
  }
  return c;
}
