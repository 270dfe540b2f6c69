import { totalMacs } from '../arch/graph.js';
import { check, type Device, type Limits, type RuntimeId } from '../hardware/index.js';
import { McunetSpace } from '../space/mcunet/index.js';
import { Rng } from '../util/rng.js';

/** One (width, resolution) setting of the MCUNet space with the statistics of its sampled models. */
export interface SpaceSetting {
  readonly width: number;
  readonly resolution: number;
  readonly sampled: number;
  /** Fraction of the sampled models that meet the memory limits. */
  readonly feasibleFraction: number;
  /** MACs of the feasible models: mean and the 10th, 50th and 90th percentiles (0 when none). */
  readonly meanMacs: number;
  readonly macsP10: number;
  readonly macsP50: number;
  readonly macsP90: number;
}

/** Options of the search-space optimisation; the grids default to MCUNet's. */
export interface OptimiseSpaceOptions {
  readonly widths: readonly number[];
  readonly resolutions: readonly number[];
  readonly samples: number;
  /** Keep settings where at least this fraction of sampled models fit (MCUNet keeps those that "satisfy" the limits). */
  readonly minFeasibleFraction: number;
  readonly seed: number;
  readonly runtime: RuntimeId;
}

const quantile = (sorted: readonly number[], q: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number);

/**
 * MCUNet's search-space optimisation (TinyNAS, Lin et al. 2020): for each (width multiplier, input resolution) of the
 * MCUNet space, sample models, keep those that meet the device's memory limits (peak SRAM, flash), and prefer the
 * setting whose feasible models have the highest mean MACs, on the heuristic that more computation within the same
 * memory means more accuracy. Returns every setting (for the MACs distribution table) and the chosen one (null when
 * no setting has enough feasible models).
 */
export function optimiseSpaceForDevice(device: Device, limits: Limits, options: Partial<OptimiseSpaceOptions> = {}): { settings: SpaceSetting[]; best: SpaceSetting | null } {
  const o: OptimiseSpaceOptions = {
    widths: [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0], resolutions: [48, 64, 80, 96, 112, 128, 144, 160, 176],
    samples: 100, minFeasibleFraction: 0.1, seed: 0, runtime: 'tflm-cmsis', ...options,
  };
  const settings: SpaceSetting[] = [];
  for (const width of o.widths) {
    for (const resolution of o.resolutions) {
      const space = new McunetSpace({ width, resolution });
      const rng = new Rng(o.seed);
      const macs: number[] = [];
      for (let i = 0; i < o.samples; i++) {
        const g = space.decode(space.sample(rng));
        const report = check(g, device, { sramBytes: limits.sramBytes ?? device.sramBytes, flashBytes: limits.flashBytes ?? device.flashBytes }, { runtime: o.runtime });
        if (report.feasible) macs.push(totalMacs(g));
      }
      macs.sort((a, b) => a - b);
      settings.push({
        width, resolution, sampled: o.samples, feasibleFraction: macs.length / o.samples,
        meanMacs: macs.length ? macs.reduce((a, b) => a + b, 0) / macs.length : 0,
        macsP10: quantile(macs, 0.1), macsP50: quantile(macs, 0.5), macsP90: quantile(macs, 0.9),
      });
    }
  }
  const kept = settings.filter((s) => s.feasibleFraction >= o.minFeasibleFraction);
  const best = kept.length ? kept.reduce((a, b) => (b.meanMacs > a.meanMacs ? b : a)) : null;
  return { settings, best };
}
