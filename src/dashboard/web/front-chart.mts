// The interactive front: accuracy against one cost for every trained trial of one or more studies, drawn with
// uPlot's axes and scales and our own canvas layer (one Path2D per colour, so 50,000 points draw in milliseconds).
// Infeasible points are grey, each study's Pareto front is a step line, the device limit a dashed line. A click
// picks the nearest point within 8 px and opens its trial.
import uPlot from 'uplot';
import { costAxis, fmtCost, pct } from './dom.mjs';

/** One study's points and front on the chart. */
export interface FrontLayer {
  readonly study: string;
  readonly color: string;
  /** Colour of the front's step line and points. */
  readonly frontColor: string;
  readonly trial: number[];
  readonly cost: number[];
  readonly accuracy: number[];
  readonly feasible: number[];
  /** Costs of candidates rejected before training (no accuracy): ticks along the cost axis. */
  readonly rejectedCost: number[];
  front: readonly { readonly trial: number; readonly cost: number; readonly value: number }[];
}

/** A picked point: which study and trial, and its figures. */
export interface Picked {
  readonly study: string;
  readonly trial: number;
  readonly cost: number;
  readonly accuracy: number;
}

const PICK_RADIUS_PX = 8;

function extent(layers: readonly FrontLayer[], pick: (l: FrontLayer) => readonly number[], extra: readonly number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const l of layers) for (const v of pick(l)) { if (v < lo) lo = v; if (v > hi) hi = v; }
  for (const v of extra) { if (v < lo) lo = v; if (v > hi) hi = v; }
  if (lo === Infinity) return [0, 1];
  const pad = (hi - lo || Math.abs(hi) || 1) * 0.05;
  return [lo - pad, hi + pad];
}

/** The front scatter of `layers` against cost `costName`, with the device `limit` (stored units) drawn when given. */
export class FrontChart {
  private readonly plot: uPlot;
  private readonly unit: number;
  private xRange: [number, number] = [0, 1];
  private yRange: [number, number] = [0, 1];
  /** performance.now() when the points were first drawn (for the benchmark and tests). */
  firstDrawMs: number | null = null;

  constructor(readonly el: HTMLElement, readonly costName: string, private limit: number | null, private layers: FrontLayer[], onPick: (p: Picked) => void, onHover: (p: Picked | null) => void) {
    const axis = costAxis(costName);
    this.unit = axis.scale;
    this.fitRanges();
    const width = Math.max(360, Math.min(el.clientWidth || 900, 1100));
    this.plot = new uPlot({
      width, height: 420, legend: { show: false }, cursor: { drag: { x: false, y: false, setScale: false }, points: { show: false } },
      scales: { x: { time: false, range: () => this.xRange }, y: { range: () => this.yRange } },
      axes: [{ label: axis.label }, { label: 'accuracy', values: (_u, ticks) => ticks.map((t) => `${(t * 100).toFixed(1)}%`), size: 60 }],
      series: [{}, { label: 'range', stroke: 'transparent', points: { show: false } }],
      hooks: { draw: [(u) => this.draw(u)] },
    }, [[this.xRange[0], this.xRange[1]], [this.yRange[0], this.yRange[1]]], el);
    this.plot.over.addEventListener('click', (e) => { const p = this.pickAt(e.offsetX, e.offsetY); if (p) onPick(p); });
    this.plot.over.addEventListener('mousemove', (e) => onHover(this.pickAt(e.offsetX, e.offsetY)));
  }

  /** Redraws with new data (after a live update). */
  update(layers: FrontLayer[], limit: number | null): void {
    this.layers = layers;
    this.limit = limit;
    this.fitRanges();
    this.plot.setData([[this.xRange[0], this.xRange[1]], [this.yRange[0], this.yRange[1]]]);
  }

  /** The page (client) coordinates of a trial's point, or null when it is not drawn. */
  clientPoint(study: string, trial: number): { x: number; y: number } | null {
    const l = this.layers.find((x) => x.study === study);
    const i = l ? l.trial.indexOf(trial) : -1;
    if (!l || i < 0) return null;
    const r = this.plot.over.getBoundingClientRect();
    return { x: r.left + this.plot.valToPos((l.cost[i] as number) * this.unit, 'x'), y: r.top + this.plot.valToPos(l.accuracy[i] as number, 'y') };
  }

  /** The page (client) coordinates of every point of a study's layer. */
  clientPoints(study: string): { trial: number; x: number; y: number; feasible: boolean }[] {
    const l = this.layers.find((x) => x.study === study);
    if (!l) return [];
    const r = this.plot.over.getBoundingClientRect();
    return l.trial.map((trial, i) => ({
      trial, x: r.left + this.plot.valToPos((l.cost[i] as number) * this.unit, 'x'), y: r.top + this.plot.valToPos(l.accuracy[i] as number, 'y'), feasible: l.feasible[i] === 1,
    }));
  }

  /** Removes the chart. */
  destroy(): void {
    this.plot.destroy();
  }

  private fitRanges(): void {
    // Rejected candidates widen the axis only downwards: most are far over the limit and would squash the front.
    let lowestRejected = Infinity;
    for (const l of this.layers) for (const c of l.rejectedCost) if (c < lowestRejected) lowestRejected = c;
    const extra = [...(this.limit === null ? [] : [this.limit]), ...(lowestRejected === Infinity ? [] : [lowestRejected])];
    this.xRange = extent(this.layers, (l) => l.cost, extra).map((v) => v * this.unit) as [number, number];
    this.yRange = extent(this.layers, (l) => l.accuracy, []);
  }

  private pickAt(px: number, py: number): Picked | null {
    let best: Picked | null = null;
    let bestD = PICK_RADIUS_PX * PICK_RADIUS_PX;
    const x0 = this.plot.posToVal(px, 'x');
    const y0 = this.plot.posToVal(py, 'y');
    const sx = this.plot.valToPos(x0 + 1, 'x') - px;
    const sy = this.plot.valToPos(y0 + 1, 'y') - py;
    for (const l of this.layers) {
      for (let i = 0; i < l.trial.length; i++) {
        const dx = ((l.cost[i] as number) * this.unit - x0) * sx;
        const dy = ((l.accuracy[i] as number) - y0) * sy;
        const d = dx * dx + dy * dy;
        // Feasible points win ties over the grey ones drawn under them.
        if (d < bestD || (d === bestD && l.feasible[i] === 1)) {
          bestD = d;
          best = { study: l.study, trial: l.trial[i] as number, cost: l.cost[i] as number, accuracy: l.accuracy[i] as number };
        }
      }
    }
    return best;
  }

  private draw(u: uPlot): void {
    const ctx = u.ctx;
    const dpr = devicePixelRatio || 1;
    const X = (v: number): number => u.valToPos(v * this.unit, 'x', true);
    const Y = (v: number): number => u.valToPos(v, 'y', true);
    ctx.save();
    ctx.beginPath();
    ctx.rect(u.bbox.left, u.bbox.top, u.bbox.width, u.bbox.height);
    ctx.clip();
    const dots = (l: FrontLayer, feasible: number, color: string, r: number): void => {
      const p = new Path2D();
      for (let i = 0; i < l.trial.length; i++) {
        if (l.feasible[i] !== feasible) continue;
        const x = X(l.cost[i] as number);
        const y = Y(l.accuracy[i] as number);
        p.moveTo(x + r, y);
        p.arc(x, y, r, 0, 2 * Math.PI);
      }
      ctx.fillStyle = color;
      ctx.fill(p);
    };
    for (const l of this.layers) this.drawRejected(ctx, l, X, u, dpr);
    for (const l of this.layers) dots(l, 0, 'rgba(160,160,160,0.55)', 2.2 * dpr);
    for (const l of this.layers) dots(l, 1, l.color, 2.4 * dpr);
    for (const l of this.layers) this.drawFront(ctx, l, X, Y, dpr);
    ctx.restore();
    this.drawLimit(u, dpr);
    if (this.layers.some((l) => l.trial.length > 0)) this.firstDrawMs ??= performance.now();
  }

  private drawFront(ctx: CanvasRenderingContext2D, l: FrontLayer, X: (v: number) => number, Y: (v: number) => number, dpr: number): void {
    if (l.front.length === 0) return;
    ctx.strokeStyle = l.frontColor;
    ctx.lineWidth = 1.5 * dpr;
    ctx.beginPath();
    l.front.forEach((p, i) => (i === 0 ? ctx.moveTo(X(p.cost), Y(p.value)) : (ctx.lineTo(X(p.cost), Y(l.front[i - 1]?.value ?? p.value)), ctx.lineTo(X(p.cost), Y(p.value)))));
    ctx.stroke();
    ctx.fillStyle = ctx.strokeStyle;
    const p = new Path2D();
    for (const f of l.front) { p.moveTo(X(f.cost) + 4 * dpr, Y(f.value)); p.arc(X(f.cost), Y(f.value), 4 * dpr, 0, 2 * Math.PI); }
    ctx.fill(p);
  }

  private drawRejected(ctx: CanvasRenderingContext2D, l: FrontLayer, X: (v: number) => number, u: uPlot, dpr: number): void {
    if (l.rejectedCost.length === 0) return;
    const bottom = u.bbox.top + u.bbox.height;
    const p = new Path2D();
    for (const c of l.rejectedCost) { p.moveTo(X(c), bottom); p.lineTo(X(c), bottom - 8 * dpr); }
    ctx.strokeStyle = 'rgba(160,160,160,0.6)';
    ctx.lineWidth = 1.5 * dpr;
    ctx.stroke(p);
  }

  private drawLimit(u: uPlot, dpr: number): void {
    if (this.limit === null) return;
    const x = u.valToPos(this.limit * this.unit, 'x', true);
    const ctx = u.ctx;
    ctx.save();
    ctx.strokeStyle = '#cf222e';
    ctx.setLineDash([6 * dpr, 4 * dpr]);
    ctx.lineWidth = 1.5 * dpr;
    ctx.beginPath();
    ctx.moveTo(x, u.bbox.top);
    ctx.lineTo(x, u.bbox.top + u.bbox.height);
    ctx.stroke();
    ctx.fillStyle = '#cf222e';
    ctx.font = `${11 * dpr}px system-ui, sans-serif`;
    ctx.textAlign = x > u.bbox.left + u.bbox.width - 120 * dpr ? 'right' : 'left';
    ctx.fillText(`${this.costName} limit ${fmtCost(this.costName, this.limit)}`, x + (ctx.textAlign === 'right' ? -4 : 4) * dpr, u.bbox.top + 12 * dpr);
    ctx.restore();
  }
}

/** A label for a picked point. */
export const describe = (p: Picked, costName: string): string => `trial ${p.trial}${p.study ? ` (${p.study})` : ''}: ${pct(p.accuracy)} at ${fmtCost(costName, p.cost)}`;
