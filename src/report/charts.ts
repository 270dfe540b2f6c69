import type { LimitScatter } from './data.js';
import { axes, defaultFrame, esc, frameScales, paddedDomain, stepPath, svgDocument, type Frame } from './svg.js';

/** Bytes as KiB with one decimal, for axes and tables. */
export const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
/** A tick label for an axis already in KiB. */
const kibTick = (v: number): string => `${v} KiB`;
/** A fraction as a percentage. */
export const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;

/** Best feasible accuracy against evaluation number, as a step line (evaluations before the first feasible one are left out). */
export function progressChart(progress: readonly (readonly [number, number | null])[]): string {
  const f = defaultFrame;
  // Only the evaluations where the best improved: the step path stays small for 50,000-trial studies.
  const known = progress.filter((p, i): p is readonly [number, number] => p[1] !== null && p[1] !== progress[i - 1]?.[1]);
  const s = frameScales(f, [0, Math.max(1, progress.length)], paddedDomain(known.map((p) => p[1])));
  const line = known.length ? `<path class="progress-line" d="${stepPath([...known.map(([x, y]) => [s.x(x), s.y(y)] as const), [s.x(progress.length), s.y((known.at(-1) as readonly [number, number])[1])]])}" fill="none" stroke="#1f6feb" stroke-width="2"/>` : '';
  const note = known.length ? '' : `<text x="${f.width / 2}" y="${f.height / 2}" text-anchor="middle">no feasible complete trial yet</text>`;
  return svgDocument(f, 'chart progress', 'Best feasible accuracy against evaluations', axes(f, s, { xTitle: 'evaluation', yTitle: 'best feasible accuracy', yFormat: pct }) + line + note);
}

function scatterDots(sc: LimitScatter, s: ReturnType<typeof frameScales>): string {
  // Costs are bytes; the axis is in KiB so its ticks are round numbers.
  const onFront = new Set(sc.front.map((p) => p.trial));
  return sc.points.map((p) => {
    const cls = onFront.has(p.trial) ? 'front-point' : p.feasible ? 'point' : 'point infeasible';
    const fill = onFront.has(p.trial) ? '#d73a49' : p.feasible ? '#1f6feb' : '#bbbbbb';
    return `<circle class="${cls}" data-trial="${p.trial}" cx="${s.x(p.cost / 1024).toFixed(1)}" cy="${s.y(p.value).toFixed(1)}" r="${onFront.has(p.trial) ? 4.5 : 3}" fill="${fill}" fill-opacity="0.8"><title>trial ${p.trial}: ${pct(p.value)} at ${kib(p.cost)}${p.feasible ? '' : ' (infeasible)'}</title></circle>`;
  }).join('');
}

/** Candidates rejected before training have no accuracy: grey ticks along the x axis at their cost. */
function rejectedMarks(f: Frame, sc: LimitScatter, s: ReturnType<typeof frameScales>): string {
  const y = f.height - f.bottom;
  return sc.rejected.map((p) => `<line class="point rejected" data-trial="${p.trial}" x1="${s.x(p.cost / 1024).toFixed(1)}" y1="${y - 8}" x2="${s.x(p.cost / 1024).toFixed(1)}" y2="${y}" stroke="#bbbbbb" stroke-width="2"><title>trial ${p.trial}: rejected before training at ${kib(p.cost)}</title></line>`).join('');
}

function limitLine(f: Frame, sc: LimitScatter, s: ReturnType<typeof frameScales>): string {
  if (sc.limit === null) return '';
  const px = s.x(sc.limit / 1024);
  const x = px.toFixed(1);
  // Keep the label inside the plot when the limit sits near an edge.
  const anchor = px > f.width - f.right - 80 ? 'end' : px < f.left + 80 ? 'start' : 'middle';
  return `<line class="limit-line" x1="${x}" y1="${f.top}" x2="${x}" y2="${f.height - f.bottom}" stroke="#cf222e" stroke-dasharray="6 4"/>`
    + `<text x="${x}" y="${f.top - 8}" text-anchor="${anchor}" font-size="11" fill="#cf222e">${esc(sc.limitName)} limit ${kib(sc.limit)}</text>`;
}

/** Accuracy against a limit's value: every complete trial (infeasible ones grey), the feasible front joined by a step line, the limit dashed. */
export function frontChart(sc: LimitScatter, xTitle: string): string {
  const f = defaultFrame;
  const costs = [...sc.points, ...sc.rejected].map((p) => p.cost / 1024);
  const s = frameScales(f, paddedDomain(costs, 0.05, sc.limit === null ? [] : [sc.limit / 1024]), paddedDomain(sc.points.map((p) => p.value)));
  const front = sc.front.length ? `<path class="front-line" d="${stepPath(sc.front.map((p) => [s.x(p.cost / 1024), s.y(p.value)] as const))}" fill="none" stroke="#d73a49" stroke-width="1.5"/>` : '';
  const body = axes(f, s, { xTitle: `${xTitle} (KiB)`, yTitle: 'accuracy', xFormat: kibTick, yFormat: pct }) + front + rejectedMarks(f, sc, s) + scatterDots(sc, s) + limitLine(f, sc, s);
  return svgDocument(f, `chart front front-${sc.limitName}`, `Accuracy against ${xTitle}`, body);
}

/** Arena bytes live at each op step as bars, the peak step in red and labelled with its op, the SRAM limit dashed when given. */
export function sramChart(liveBytes: readonly number[], order: readonly string[], peakOp: string, limitBytes: number | null): string {
  const f = defaultFrame;
  const live = liveBytes.map((b) => b / 1024);
  const limit = limitBytes === null ? null : limitBytes / 1024;
  const s = frameScales(f, [-0.5, live.length - 0.5], [0, Math.max(...live, limit ?? 0, 1) * 1.08]);
  const w = Math.max(1, (s.x(1) - s.x(0)) * 0.8);
  const peakStep = order.indexOf(peakOp);
  const bars = live.map((b, i) => `<rect class="${i === peakStep ? 'sram-bar peak' : 'sram-bar'}" x="${(s.x(i) - w / 2).toFixed(1)}" y="${s.y(b).toFixed(1)}" width="${w.toFixed(1)}" height="${(s.y(0) - s.y(b)).toFixed(1)}" fill="${i === peakStep ? '#cf222e' : '#1f6feb'}"><title>step ${i} ${esc(order[i] ?? '')}: ${kib(b * 1024)}</title></rect>`).join('');
  const peak = peakStep >= 0 ? `<text class="peak-label" x="${s.x(peakStep).toFixed(1)}" y="${(s.y(live[peakStep] ?? 0) - 6).toFixed(1)}" text-anchor="middle" font-size="11" fill="#cf222e">peak: ${esc(peakOp)}</text>` : '';
  const limitLine = limit === null ? '' : `<line class="limit-line" x1="${f.left}" y1="${s.y(limit).toFixed(1)}" x2="${f.width - f.right}" y2="${s.y(limit).toFixed(1)}" stroke="#cf222e" stroke-dasharray="6 4"/>`
    + `<text x="${f.width - f.right}" y="${(s.y(limit) - 5).toFixed(1)}" text-anchor="end" font-size="11" fill="#cf222e">arena budget ${kib(limitBytes ?? 0)}</text>`;
  return svgDocument(f, 'chart sram-over-time', 'Arena bytes live at each op step', axes(f, s, { xTitle: 'op step (execution order)', yTitle: 'live arena (KiB)', yFormat: kibTick }) + bars + peak + limitLine);
}
