// Line charts with uPlot: the study's best-so-far progress (a step line) and a trial's learning curve.
import uPlot from 'uplot';
import type { ProgressSeries } from '../api-types.js';

const pctTicks = (_u: uPlot, ticks: number[]): string[] => ticks.map((t) => `${(t * 100).toFixed(1)}%`);

/** X axis of the progress chart: evaluation number or seconds since the first finished trial. */
export type ProgressAxis = 'evaluation' | 'seconds';

/** The series as uPlot data: the improvements, carried on to the last evaluation so the step reaches the end. */
function progressData(p: ProgressSeries, axis: ProgressAxis, lastX: number): uPlot.AlignedData {
  const xs = [...p[axis]];
  const ys: (number | null)[] = [...p.best];
  if (xs.length > 0 && lastX > (xs.at(-1) as number)) { xs.push(lastX); ys.push(ys.at(-1) ?? null); }
  return [xs, ys];
}

/** The y range of the series: its values padded by a tenth of their spread (at least one percentage point). */
function yRange(best: readonly number[]): [number, number] {
  if (best.length === 0) return [0, 1];
  const lo = Math.min(...best);
  const hi = Math.max(...best);
  const pad = Math.max((hi - lo) * 0.1, 0.01);
  return [lo - pad, hi + pad];
}

/** Best feasible accuracy against evaluations or time; `update` redraws with a live series. */
export class ProgressChart {
  private plot: uPlot | null = null;
  private x: [number, number] = [0, 1];
  private y: [number, number] = [0, 1];

  constructor(private readonly el: HTMLElement) {}

  /** Draws (or redraws) the series. */
  update(p: ProgressSeries, axis: ProgressAxis, lastX: number): void {
    const data = progressData(p, axis, lastX);
    this.x = [0, Math.max(lastX, 1)];
    this.y = yRange(p.best);
    if (this.plot && this.plot.series[0]?.label === axis) { this.plot.setData(data); return; }
    this.plot?.destroy();
    this.plot = new uPlot({
      width: Math.max(360, Math.min(this.el.clientWidth || 900, 1100)), height: 240, legend: { show: false },
      scales: { x: { time: false, range: () => this.x }, y: { range: () => this.y } },
      axes: [{ label: axis === 'evaluation' ? 'evaluation' : 'seconds since the first finished trial' }, { label: 'best feasible accuracy', values: pctTicks, size: 60 }],
      series: [{ label: axis }, { label: 'best', stroke: '#1f6feb', width: 2, paths: uPlot.paths.stepped?.({ align: 1 }), points: { show: false } }],
    }, data, this.el);
  }
}

/** A learning curve: validation accuracy per epoch. */
export function curveChart(el: HTMLElement, curve: readonly number[]): uPlot {
  return new uPlot({
    width: Math.max(320, Math.min(el.clientWidth || 600, 700)), height: 220, legend: { show: false }, scales: { x: { time: false } },
    axes: [{ label: 'epoch', incrs: [1, 2, 5, 10, 20, 50, 100] }, { label: 'validation accuracy', values: pctTicks, size: 60 }],
    series: [{}, { label: 'accuracy', stroke: '#1f6feb', width: 2, points: { show: true, size: 6 } }],
  }, [curve.map((_, i) => i + 1), [...curve]], el);
}
