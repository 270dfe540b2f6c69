// The trials table: sort, state filter, text search and paging all done by the server, so a 50,000-trial study
// only ever sends one page of rows.
import type { CostName, TrialsResponse } from '../api-types.js';
import { api } from './api.mjs';
import { fmtCost, h, mount, pct, routes } from './dom.mjs';

const PAGE = 25;
const STATES = ['', 'complete', 'infeasible', 'duplicate', 'failed', 'running', 'pending'];

/** A trials table bound to one study; `reload` fetches the current page again (after a live update). */
export class TrialsTable {
  private sort = 'trial';
  private order: 'asc' | 'desc' = 'desc';
  private state = '';
  private text = '';
  private offset = 0;
  private readonly body = h('tbody');
  private readonly head = h('thead');
  private readonly status = h('span', { class: 'table-status' });
  private costs: readonly CostName[] = [];
  private searchTimer: number | undefined;

  constructor(readonly el: HTMLElement, private readonly study: string) {
    const stateSel = h('select', { id: 'state-filter', 'aria-label': 'state' }, ...STATES.map((s) => h('option', { value: s }, s === '' ? 'all states' : s)));
    stateSel.addEventListener('change', () => { this.state = stateSel.value; this.offset = 0; void this.reload(); });
    const search = h('input', { id: 'trial-search', type: 'search', placeholder: 'search trial, state, key, hash, error' });
    search.addEventListener('input', () => {
      clearTimeout(this.searchTimer);
      this.searchTimer = window.setTimeout(() => { this.text = search.value; this.offset = 0; void this.reload(); }, 250);
    });
    const prev = h('button', { type: 'button', id: 'page-prev' }, '‹ prev');
    const next = h('button', { type: 'button', id: 'page-next' }, 'next ›');
    prev.addEventListener('click', () => { this.offset = Math.max(0, this.offset - PAGE); void this.reload(); });
    next.addEventListener('click', () => { this.offset += PAGE; void this.reload(); });
    mount(el, h('div', { class: 'table-tools' }, stateSel, search, prev, next, this.status), h('table', { class: 'trials', id: 'trials-table' }, this.head, this.body));
  }

  /** Fetches and renders the current page. */
  async reload(): Promise<void> {
    const q = new URLSearchParams({ offset: String(this.offset), limit: String(PAGE), sort: this.sort, order: this.order });
    if (this.state) q.set('state', this.state);
    if (this.text.trim()) q.set('q', this.text.trim());
    const page = await api.trials(this.study, q);
    if (page.offset >= page.total && page.total > 0 && this.offset > 0) { this.offset = Math.max(0, page.total - PAGE); return this.reload(); }
    this.render(page);
  }

  private header(): void {
    const cols: [string, string][] = [['trial', 'trial'], ['state', 'state'], ['accuracy', 'accuracy'], ...this.costs.map((c): [string, string] => [c, c]), ['params', 'params'], ['macs', 'MACs'], ['violation', 'violation']];
    mount(this.head, h('tr', {}, ...cols.map(([key, label]) => {
      const th = h('th', { 'data-sort': key, class: key === this.sort ? `sorted ${this.order}` : '' }, label + (key === this.sort ? (this.order === 'asc' ? ' ▲' : ' ▼') : ''));
      th.addEventListener('click', () => {
        this.order = key === this.sort && this.order === 'desc' ? 'asc' : 'desc';
        this.sort = key;
        this.offset = 0;
        void this.reload();
      });
      return th;
    })));
  }

  private render(page: TrialsResponse): void {
    // MACs have their own column.
    this.costs = page.costs.filter((c) => c !== 'macs');
    this.header();
    mount(this.body, ...page.rows.map((r) => {
      const link = h('a', { href: routes.trial(this.study, r.trial) }, String(r.trial));
      return h('tr', { class: `state-${r.state}${r.violation !== null && r.violation > 0 ? ' over-limit' : ''}`, 'data-trial': String(r.trial) },
        h('td', {}, link), h('td', {}, r.state), h('td', {}, pct(r.accuracy)), ...this.costs.map((c) => h('td', {}, fmtCost(c, r.costs[c]))),
        h('td', {}, r.params === null ? '–' : String(r.params)), h('td', {}, r.macs === null ? '–' : String(r.macs)), h('td', {}, r.violation === null ? '–' : r.violation.toFixed(3)));
    }));
    const last = Math.min(page.total, page.offset + page.rows.length);
    this.status.textContent = page.total === 0 ? 'no trials match' : `rows ${page.offset + 1}–${last} of ${page.total}`;
  }
}
