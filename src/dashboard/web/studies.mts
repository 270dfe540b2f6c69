// The studies list, with a form to compare two studies on one front.
import { api } from './api.mjs';
import { h, mount, routes } from './dom.mjs';
import type { View } from './view.mjs';

/** Renders every stored study into `el`. */
export async function studiesView(el: HTMLElement): Promise<View> {
  const r = await api.studies();
  const rows = r.studies.map((s) => h('tr', { 'data-study': s.name },
    h('td', {}, h('a', { href: routes.study(s.name) }, s.name)), h('td', {}, s.status), h('td', {}, String(s.total)),
    h('td', {}, Object.entries(s.counts).map(([k, v]) => `${v} ${k}`).join(', ')), h('td', {}, s.createdAt)));
  const pick = (id: string, i: number): HTMLSelectElement => {
    const sel = h('select', { id }, ...r.studies.map((s) => h('option', { value: s.name }, s.name)));
    sel.selectedIndex = Math.min(i, r.studies.length - 1);
    return sel;
  };
  const a = pick('compare-a', 0);
  const b = pick('compare-b', 1);
  const go = h('button', { type: 'button', id: 'compare-go' }, 'compare on one front');
  go.addEventListener('click', () => { location.hash = routes.compare(a.value, b.value); });
  mount(el, h('h1', {}, 'Studies'), h('p', { class: 'note' }, `in ${r.storage} (read-only)`),
    r.studies.length === 0 ? h('p', {}, 'no studies stored yet') : h('table', { class: 'studies', id: 'studies-table' },
      h('thead', {}, h('tr', {}, ...['study', 'status', 'trials', 'by state', 'created'].map((c) => h('th', {}, c)))), h('tbody', {}, ...rows)),
    r.studies.length >= 2 ? h('p', {}, 'Compare ', a, ' with ', b, ' ', go) : null);
  return { dispose: () => undefined };
}
