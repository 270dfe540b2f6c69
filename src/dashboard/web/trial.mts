// A trial's page: its figures, costs against the device limits, the architecture, SRAM over time and the curve.
import type { TrialDetailResponse } from '../api-types.js';
import { api } from './api.mjs';
import { fmtCost, h, mount, pct, routes, svgNode } from './dom.mjs';
import { curveChart } from './line-chart.mjs';
import type { View } from './view.mjs';

function limitsTable(t: TrialDetailResponse): HTMLElement {
  if (t.limits.length === 0) return h('p', { class: 'note' }, 'no limit figures stored for this trial');
  return h('table', { class: 'limits', id: 'limits-table' },
    h('thead', {}, h('tr', {}, ...['limit', 'value', 'allowed', 'used', 'fits'].map((c) => h('th', {}, c)))),
    h('tbody', {}, ...t.limits.map((l) => {
      const used = l.limit > 0 ? l.value / l.limit : 0;
      const bar = h('span', { class: `bar${used > 1 ? ' over' : ''}` });
      bar.style.width = `${Math.min(100, used * 100).toFixed(1)}%`;
      return h('tr', { class: l.margin >= 0 ? '' : 'over-limit' }, h('td', {}, l.name), h('td', {}, fmtCost(l.name, l.value)), h('td', {}, fmtCost(l.name, l.limit)),
        h('td', {}, h('span', { class: 'bar-track' }, bar), ` ${(used * 100).toFixed(1)}%`), h('td', {}, l.margin >= 0 ? 'yes' : 'no'));
    })));
}

function figures(t: TrialDetailResponse): HTMLElement {
  const rows: [string, string | Node][] = [
    ['state', t.state], ['accuracy', pct(t.accuracy)], ['params', t.params === null ? '–' : String(t.params)], ['MACs', t.macs === null ? '–' : String(t.macs)],
    ['training seconds', t.seconds === null ? '–' : t.seconds.toFixed(1)],
  ];
  if (t.parents.length) {
    const links = h('span');
    t.parents.forEach((p, i) => links.append(i ? ', ' : '', h('a', { href: routes.trial(t.study, p) }, String(p))));
    rows.push(['parents', links]);
  }
  if (t.cost) rows.push(['on device', `${t.cost.device} (${t.cost.runtime}): peak SRAM ${fmtCost('sram', t.cost.peakSramBytes)}, flash ${fmtCost('flash', t.cost.flashBytes)}, latency ${fmtCost('latency', t.cost.latencyMs)}, energy ${fmtCost('energy', t.cost.energyUj)}`]);
  if (t.error) rows.push(['error', t.error]);
  return h('table', { class: 'figures' }, h('tbody', {}, ...rows.map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, v)))));
}

/** Renders trial `trial` of study `name` into `el`. */
export async function trialView(el: HTMLElement, name: string, trial: number): Promise<View> {
  const t = await api.trial(name, trial);
  const curve = h('div', { id: 'curve-chart', class: 'chart' });
  const files = t.files.length ? h('p', {}, 'files: ', ...t.files.map((f) => h('a', { href: api.fileUrl(name, f), download: f }, f))) : null;
  mount(el, h('h1', { id: 'trial-title', 'data-trial': String(t.trial) }, `Trial ${t.trial}`), h('p', {}, h('a', { href: routes.study(name) }, `‹ study ${name}`)),
    figures(t), h('h2', {}, 'Costs against limits'), limitsTable(t), files,
    h('h2', {}, 'Architecture'), t.archSvg ? h('div', { class: 'svg arch', id: 'arch' }, svgNode(t.archSvg)) : h('p', { class: 'note' }, `not drawn: ${t.drawError ?? 'no architecture'}`),
    h('h2', {}, 'Memory plan: SRAM over time'), t.sramSvg ? h('div', { class: 'svg sram', id: 'sram' }, h('p', { class: 'note' }, `Arena bytes live at each op step; the peak op (${t.peakOp ?? '?'}) is red.`), svgNode(t.sramSvg)) : h('p', { class: 'note' }, 'no memory plan'),
    h('h2', {}, 'Learning curve'), t.curve.length ? curve : h('p', { class: 'note' }, 'no learning curve stored'));
  const plot = t.curve.length ? curveChart(curve, t.curve) : null;
  return { dispose: () => plot?.destroy() };
}
