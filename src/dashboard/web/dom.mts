// Small DOM helpers for the dashboard's views: element building without innerHTML for text, and number formats.

/** Creates an element with attributes and children (strings become text nodes, so nothing is parsed as HTML). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string | null)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) if (c !== null) el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  return el;
}

/** Replaces an element's content. */
export function mount(el: Element, ...children: (Node | string | null)[]): void {
  el.replaceChildren(...children.filter((c): c is Node | string => c !== null));
}

/** An inline SVG the server drew (from the report's chart code, escaped there); parsed as SVG, not HTML. */
export function svgNode(svg: string): Node {
  // The report's SVG carries no xmlns (inline SVG in HTML needs none); an XML parse does.
  const xml = svg.startsWith('<svg xmlns=') ? svg : svg.replace(/^<svg /, '<svg xmlns="http://www.w3.org/2000/svg" ');
  const doc = new DOMParser().parseFromString(xml, 'image/svg+xml');
  return document.importNode(doc.documentElement, true);
}

/** A fraction as a percentage with two decimals. */
export const pct = (v: number | null): string => (v === null ? '–' : `${(v * 100).toFixed(2)}%`);

/** A cost for people: bytes as KiB, ms and uJ to 4 significant digits, MACs as integers. */
export function fmtCost(name: string, v: number | null | undefined): string {
  if (v === null || v === undefined) return '–';
  if (name === 'sram' || name === 'flash') return `${(v / 1024).toFixed(1)} KiB`;
  if (name === 'latency') return `${Number(v.toPrecision(4))} ms`;
  if (name === 'energy') return `${Number(v.toPrecision(4))} uJ`;
  return String(Math.round(v));
}

/** The unit an axis of this cost is drawn in, and the factor from stored values to it. */
export function costAxis(name: string): { label: string; scale: number } {
  if (name === 'sram') return { label: 'peak SRAM (KiB)', scale: 1 / 1024 };
  if (name === 'flash') return { label: 'flash (KiB)', scale: 1 / 1024 };
  if (name === 'latency') return { label: 'latency (ms)', scale: 1 };
  if (name === 'energy') return { label: 'energy (uJ)', scale: 1 };
  return { label: 'MACs', scale: 1 };
}

/** The hash route of a study, a trial, or a comparison (names percent-encoded). */
export const routes = {
  study: (name: string): string => `#/study/${encodeURIComponent(name)}`,
  trial: (name: string, trial: number): string => `#/study/${encodeURIComponent(name)}/trial/${trial}`,
  compare: (a: string, b: string): string => `#/compare/${encodeURIComponent(a)}/${encodeURIComponent(b)}`,
};
