import type { TrialRecord } from './types.js';

/** A point of the accuracy / peak-SRAM trade-off. */
export interface FrontPoint { readonly trial: number; readonly accuracy: number; readonly sramBytes: number }

/**
 * The running Pareto front of accuracy (higher is better) against peak SRAM (lower is better) over complete
 * feasible trials, kept sorted by SRAM; each add is O(front size).
 */
export class SramFront {
  private points: FrontPoint[] = [];

  /** Adds a trial if it is complete, feasible and carries an SRAM figure; returns true when it joined the front. */
  add(r: TrialRecord): boolean {
    const sram = r.limits.find((l) => l.name === 'sram')?.value;
    if (r.state !== 'complete' || r.violation > 0 || r.accuracy === null || sram === undefined) return false;
    const p: FrontPoint = { trial: r.trial, accuracy: r.accuracy, sramBytes: sram };
    if (this.points.some((q) => q.sramBytes <= p.sramBytes && q.accuracy >= p.accuracy)) return false;
    this.points = [...this.points.filter((q) => !(p.sramBytes <= q.sramBytes && p.accuracy >= q.accuracy)), p].sort((a, b) => a.sramBytes - b.sramBytes);
    return true;
  }

  get(): readonly FrontPoint[] {
    return this.points;
  }

  /** A short text form for a progress line: up to `max` points, accuracy at SRAM in KiB, the smallest first. */
  toString(max = 4): string {
    const pts = this.points.length <= max ? this.points : this.points.filter((_, i) => i % Math.ceil(this.points.length / max) === 0);
    return pts.map((p) => `${(p.accuracy * 100).toFixed(1)}%@${(p.sramBytes / 1024).toFixed(0)}KiB`).join(' ');
  }
}
