// Small inline-SVG helpers for the static report: a linear scale, "nice" ticks, axes with labels, and a plot frame
// that scatter, step and bar series draw into. Everything returns SVG text; nothing is fetched.

/** Escapes text for SVG/HTML content and attribute values. */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A linear map from a data domain to pixels. */
export interface Scale {
  readonly domain: readonly [number, number];
  readonly range: readonly [number, number];
  (v: number): number;
}

/** A linear scale; a zero-width domain is widened so every value maps inside the range. */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain[0] === domain[1] ? [domain[0] - 1, domain[1] + 1] : domain;
  const f = (v: number): number => range[0] + ((v - d0) / (d1 - d0)) * (range[1] - range[0]);
  return Object.assign(f, { domain: [d0, d1] as const, range });
}

/** About `count` round tick values (1, 2 or 5 times a power of ten) covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * pow >= raw) ?? 10) * pow;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

/** The domain of `values` padded by `pad` of its width on both sides (and to include `extra` values). */
export function paddedDomain(values: readonly number[], pad = 0.05, extra: readonly number[] = []): [number, number] {
  const all = [...values, ...extra];
  if (all.length === 0) return [0, 1];
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  const w = hi - lo || Math.abs(hi) || 1;
  lo -= w * pad;
  hi += w * pad;
  return [lo, hi];
}

/** The size and margins of one plot, in pixels. */
export interface Frame {
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

/** The default frame: 640x360 with room for tick labels and axis titles. */
export const defaultFrame: Frame = { width: 640, height: 360, left: 70, right: 20, top: 30, bottom: 50 };

/** The x and y scales of a frame for data domains. */
export function frameScales(f: Frame, x: readonly [number, number], y: readonly [number, number]): { x: Scale; y: Scale } {
  return { x: linearScale(x, [f.left, f.width - f.right]), y: linearScale(y, [f.height - f.bottom, f.top]) };
}

/** Options of `axes`: titles and how tick values print. */
export interface AxesOptions {
  readonly xTitle: string;
  readonly yTitle: string;
  readonly xFormat?: (v: number) => string;
  readonly yFormat?: (v: number) => string;
}

function xAxis(f: Frame, x: Scale, o: AxesOptions): string {
  const y0 = f.height - f.bottom;
  const fmt = o.xFormat ?? String;
  const ticks = niceTicks(x.domain[0], x.domain[1]).map((t) => `<line x1="${x(t).toFixed(1)}" y1="${y0}" x2="${x(t).toFixed(1)}" y2="${y0 + 5}" stroke="#333"/>`
    + `<text x="${x(t).toFixed(1)}" y="${y0 + 18}" text-anchor="middle" font-size="11">${esc(fmt(t))}</text>`);
  return `<g class="x-axis"><line x1="${f.left}" y1="${y0}" x2="${f.width - f.right}" y2="${y0}" stroke="#333"/>${ticks.join('')}`
    + `<text x="${(f.left + f.width - f.right) / 2}" y="${f.height - 10}" text-anchor="middle" font-size="12">${esc(o.xTitle)}</text></g>`;
}

function yAxis(f: Frame, y: Scale, o: AxesOptions): string {
  const fmt = o.yFormat ?? String;
  const ticks = niceTicks(y.domain[0], y.domain[1]).map((t) => `<line x1="${f.left - 5}" y1="${y(t).toFixed(1)}" x2="${f.left}" y2="${y(t).toFixed(1)}" stroke="#333"/>`
    + `<text x="${f.left - 8}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end" font-size="11">${esc(fmt(t))}</text>`);
  const cy = (f.top + f.height - f.bottom) / 2;
  return `<g class="y-axis"><line x1="${f.left}" y1="${f.top}" x2="${f.left}" y2="${f.height - f.bottom}" stroke="#333"/>${ticks.join('')}`
    + `<text x="16" y="${cy}" text-anchor="middle" font-size="12" transform="rotate(-90 16 ${cy})">${esc(o.yTitle)}</text></g>`;
}

/** Both axes of a frame: lines, ticks with labels, and titles. */
export function axes(f: Frame, s: { x: Scale; y: Scale }, o: AxesOptions): string {
  return xAxis(f, s.x, o) + yAxis(f, s.y, o);
}

// No xmlns attribute: inline SVG in HTML5 needs none, and the report must hold no URL at all.
/** Wraps plot content in an `<svg>` element with a title (for screen readers) and a CSS class. */
export function svgDocument(f: Frame, cls: string, title: string, body: string): string {
  return `<svg class="${esc(cls)}" width="${f.width}" height="${f.height}" viewBox="0 0 ${f.width} ${f.height}" role="img">`
    + `<title>${esc(title)}</title>${body}</svg>`;
}

/** A path through points (already in pixels) as a step function: horizontal to the next x, then vertical. */
export function stepPath(points: readonly (readonly [number, number])[]): string {
  return points.map(([x, y], i) => (i === 0 ? `M${x.toFixed(1)},${y.toFixed(1)}` : `H${x.toFixed(1)}V${y.toFixed(1)}`)).join('');
}
