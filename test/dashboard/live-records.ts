/** Records for the live-update tests: cheap fake trials with SRAM and flash figures, seeded by the trial number. */
import type { StoredProposal } from '../../src/study/storage/types.js';
import type { TrialRecord } from '../../src/study/types.js';
import { Rng } from '../../src/util/rng.js';

/** The SRAM and flash limits the fake records are checked against. */
export const LIVE_LIMITS = { sram: 64 * 1024, flash: 256 * 1024 } as const;

/** A proposal and its finished record for trial `trial` (every fifth over the SRAM limit, every seventh infeasible). */
export function liveTrial(trial: number, accuracy?: number, sramBytes?: number): { p: StoredProposal; r: TrialRecord } {
  const rng = new Rng(1000 + trial);
  const sram = sramBytes ?? (trial % 5 === 0 ? LIVE_LIMITS.sram + rng.int(1, 20_000) : rng.int(4_000, LIVE_LIMITS.sram));
  const flash = rng.int(20_000, LIVE_LIMITS.flash);
  const violation = Math.max(0, sram / LIVE_LIMITS.sram - 1);
  const state = trial % 7 === 3 && violation > 0 ? 'infeasible' : 'complete';
  const acc = accuracy ?? 0.5 + 0.45 * rng.next();
  const p = { trial, genome: [trial], key: `live-${trial}`, parents: [] };
  const r: TrialRecord = {
    trial, state, genome: p.genome, key: p.key, hash: `hash-${trial}`, parents: [], accuracy: state === 'complete' ? acc : null, curve: [], violation,
    limits: [{ name: 'sram', value: sram, limit: LIVE_LIMITS.sram, margin: LIVE_LIMITS.sram - sram }, { name: 'flash', value: flash, limit: LIVE_LIMITS.flash, margin: LIVE_LIMITS.flash - flash }],
    params: 100 + trial, macs: 1000 + trial, seconds: 0.01,
  };
  return { p, r };
}
