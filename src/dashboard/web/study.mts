// The study page: counts, progress (live), the front against a chosen cost (live, click a point to open its trial)
// and the trials table.
import type { FrontResponse, StudySummaryResponse } from '../api-types.js';
import { api } from './api.mjs';
import { h, mount, pct, routes } from './dom.mjs';
import { describe, FrontChart, type FrontLayer } from './front-chart.mjs';
import { ProgressChart, type ProgressAxis } from './line-chart.mjs';
import { TrialsTable } from './table.mjs';
import { pollMs, setLive, type View } from './view.mjs';

/** An empty layer for a study, filled by `appendFront`. */
export const emptyLayer = (study: string, color: string, frontColor: string): FrontLayer => ({ study, color, frontColor, trial: [], cost: [], accuracy: [], feasible: [], rejectedCost: [], front: [] });

/** Appends a front response to a layer (or replaces it when the server started over). */
export function appendFront(l: FrontLayer, r: FrontResponse): void {
  if (r.from === 0) { l.trial.length = 0; l.cost.length = 0; l.accuracy.length = 0; l.feasible.length = 0; }
  l.trial.push(...r.points.trial);
  l.cost.push(...r.points.cost);
  l.accuracy.push(...r.points.accuracy);
  l.feasible.push(...r.points.feasible);
  if (r.rejectedFrom === 0) l.rejectedCost.length = 0;
  l.rejectedCost.push(...r.rejected.cost);
  l.front = r.front;
}

function countsText(s: StudySummaryResponse): string {
  return Object.entries(s.counts).map(([k, v]) => `${v} ${k}`).join(', ') || 'no trials yet';
}

/** Renders the study page into `el`; returns the view (its disposer stops the live polling). */
export async function studyView(el: HTMLElement, name: string): Promise<View> {
  let s = await api.summary(name);
  const info = h('p', { id: 'study-info' });
  const progressEl = h('div', { id: 'progress-chart', class: 'chart' });
  const axisSel = h('select', { id: 'progress-axis' }, h('option', { value: 'evaluation' }, 'against evaluations'), h('option', { value: 'seconds' }, 'against time'));
  const costSel = h('select', { id: 'front-cost' }, ...s.costs.map((c) => h('option', { value: c.name }, c.name)));
  const frontEl = h('div', { id: 'front-chart', class: 'chart' });
  const hover = h('p', { id: 'front-hover', class: 'note' }, 'hover a point for its trial; click to open it');
  const frontList = h('p', { id: 'front-list', class: 'note' });
  const tableEl = h('div', { id: 'trials' });
  mount(el, h('h1', {}, `Study ${name}`), info,
    h('h2', {}, 'Progress ', axisSel), progressEl,
    h('h2', {}, 'Pareto front: accuracy against ', costSel), h('p', { class: 'note' }, 'Blue: feasible trials; grey: trained but over a limit; grey ticks on the axis: rejected by the limits before training; red: the Pareto front of feasible trials; dashed: the device limit.'), frontEl, hover, frontList,
    h('h2', {}, 'Trials'), tableEl);
  const progress = new ProgressChart(progressEl);
  const table = new TrialsTable(tableEl, name);
  const layer = emptyLayer(name, '#1f6feb', '#d73a49');
  let chart: FrontChart | null = null;
  let cost: string | null = s.costs[0]?.name ?? null;

  const renderInfo = (): void => {
    mount(info, `${s.status === 'open' ? 'running or resumable' : 'closed'} · ${countsText(s)} · best: `,
      s.best ? h('a', { href: routes.trial(name, s.best.trial), id: 'best-link' }, `trial ${s.best.trial} (${pct(s.best.accuracy)})`) : 'none yet');
    progress.update(s.progress, axisSel.value as ProgressAxis, axisSel.value === 'evaluation' ? s.evaluations : s.elapsedSeconds);
  };
  const loadFront = async (): Promise<void> => {
    if (cost === null) { mount(frontEl, h('p', { class: 'note' }, 'no finished trial carries a cost figure yet')); return; }
    const r = await api.front(name, cost, layer.trial.length, layer.rejectedCost.length);
    appendFront(layer, r);
    if (!chart) {
      frontEl.replaceChildren();
      chart = new FrontChart(frontEl, cost, r.limit, [layer], (p) => { location.hash = routes.trial(name, p.trial); }, (p) => { hover.textContent = p ? describe({ ...p, study: '' }, cost ?? '') : ' '; });
      window.tinyevoFront = chart;
    } else chart.update([layer], r.limit);
    frontList.textContent = `front (${layer.front.length} trials of ${layer.trial.length} trained): ${layer.front.slice(0, 12).map((p) => `trial ${p.trial}`).join(', ')}${layer.front.length > 12 ? ', …' : ''}`;
  };
  axisSel.addEventListener('change', renderInfo);
  costSel.addEventListener('change', () => {
    cost = costSel.value;
    chart?.destroy();
    chart = null;
    Object.assign(layer, emptyLayer(name, '#1f6feb', '#d73a49'));
    void loadFront();
  });
  renderInfo();
  await Promise.all([loadFront(), table.reload()]);
  setLive(`${s.finished} finished`);
  const timer = window.setInterval(() => {
    void api.summary(name).then(async (next) => {
      const grew = next.finished !== s.finished;
      s = next;
      setLive(`${s.finished} finished`);
      if (!grew) return;
      renderInfo();
      await Promise.all([loadFront(), table.reload()]);
    }).catch((e: Error) => setLive(`update failed: ${e.message}`));
  }, pollMs());
  return { dispose: () => { clearInterval(timer); chart?.destroy(); window.tinyevoFront = undefined; } };
}
