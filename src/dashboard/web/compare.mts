// Two studies' fronts on one chart, against a cost both records carry.
import { api } from './api.mjs';
import { h, mount, routes } from './dom.mjs';
import { describe, FrontChart } from './front-chart.mjs';
import { appendFront, emptyLayer } from './study.mjs';
import type { View } from './view.mjs';

const COLORS = ['#1f6feb', '#bf8700'];
const FRONT_COLORS = ['#0a3069', '#cf222e'];

/** Renders studies `a` and `b` on one front into `el`. */
export async function compareView(el: HTMLElement, a: string, b: string): Promise<View> {
  const [sa, sb] = await Promise.all([api.summary(a), api.summary(b)]);
  const shared = sa.costs.filter((c) => sb.costs.some((d) => d.name === c.name));
  const costSel = h('select', { id: 'compare-cost' }, ...shared.map((c) => h('option', { value: c.name }, c.name)));
  const chartEl = h('div', { id: 'compare-chart', class: 'chart' });
  const hover = h('p', { class: 'note', id: 'front-hover' }, ' ');
  const legend = h('p', { class: 'legend' }, ...[a, b].map((n, i) => h('span', { class: `swatch swatch-${i}` }, `● ${n} (front: `, h('span', { class: `swatch front-${i}` }, '━'), ')')), h('span', { class: 'swatch swatch-grey' }, '● over a limit'));
  mount(el, h('h1', {}, `Compare ${a} and ${b}`), h('p', {}, h('a', { href: routes.study(a) }, a), ' · ', h('a', { href: routes.study(b) }, b)),
    shared.length ? h('h2', {}, 'accuracy against ', costSel) : h('p', {}, 'the two studies share no cost figure'), legend, chartEl, hover);
  let chart: FrontChart | null = null;
  const draw = async (cost: string): Promise<void> => {
    const [fa, fb] = await Promise.all([api.front(a, cost, 0, 0), api.front(b, cost, 0, 0)]);
    const layers = [emptyLayer(a, COLORS[0] as string, FRONT_COLORS[0] as string), emptyLayer(b, COLORS[1] as string, FRONT_COLORS[1] as string)];
    appendFront(layers[0] as (typeof layers)[0], fa);
    appendFront(layers[1] as (typeof layers)[0], fb);
    chart?.destroy();
    chartEl.replaceChildren();
    chart = new FrontChart(chartEl, cost, fa.limit ?? fb.limit, layers, (p) => { location.hash = routes.trial(p.study, p.trial); }, (p) => { hover.textContent = p ? describe(p, cost) : ' '; });
    window.tinyevoFront = chart;
  };
  costSel.addEventListener('change', () => void draw(costSel.value));
  if (shared[0]) await draw(shared[0].name);
  return { dispose: () => { chart?.destroy(); window.tinyevoFront = undefined; } };
}
