// What every view shares: its disposer, the live-status line, and the poll interval.
import type { FrontChart } from './front-chart.mjs';

/** A rendered view; `dispose` stops its timers when the route changes. */
export interface View {
  dispose(): void;
}

declare global {
  interface Window {
    /** The front chart on screen, for tests and the benchmark (point positions, first-draw time). */
    tinyevoFront?: FrontChart | undefined;
  }
}

/** Milliseconds between live updates: `?poll=MS` in the page URL (tests), else 2000. */
export function pollMs(): number {
  const v = Number(new URLSearchParams(location.search).get('poll'));
  return Number.isFinite(v) && v >= 100 ? v : 2000;
}

/** Sets the header's live-status text. */
export function setLive(text: string): void {
  const el = document.getElementById('live');
  if (el) el.textContent = text;
}
