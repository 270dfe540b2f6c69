import { EngineError } from '../errors.js';

/** Learning-rate schedules over training steps. */
export type Schedule =
  | { readonly kind: 'constant' }
  | { readonly kind: 'cosine'; readonly minFactor?: number }
  | { readonly kind: 'step'; readonly everySteps: number; readonly gamma: number };

/**
 * The learning rate at `step` (0-based) of `totalSteps`, with an optional linear warm-up of `warmupSteps`.
 * Cosine decays from `base` to `base * minFactor` (default 0) over the steps after warm-up.
 */
export function learningRateAt(base: number, schedule: Schedule, step: number, totalSteps: number, warmupSteps = 0): number {
  if (step < warmupSteps) return (base * (step + 1)) / warmupSteps;
  const t = step - warmupSteps;
  const span = Math.max(1, totalSteps - warmupSteps);
  switch (schedule.kind) {
    case 'constant':
      return base;
    case 'cosine': {
      const min = base * (schedule.minFactor ?? 0);
      return min + 0.5 * (base - min) * (1 + Math.cos((Math.PI * Math.min(t, span)) / span));
    }
    case 'step':
      if (!(schedule.everySteps >= 1)) throw new EngineError(`schedule step: everySteps must be >= 1; got ${schedule.everySteps}.`);
      return base * Math.pow(schedule.gamma, Math.floor(t / schedule.everySteps));
  }
}
