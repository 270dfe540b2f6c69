import { archChart } from './arch-chart.js';
import { frontChart, kib, progressChart, sramChart } from './charts.js';
import type { StudySummary } from './data.js';
import { liveBytesPerStep, type BestModel } from './model.js';
import { configTable, limitsTable, topTable, type Table } from './sections.js';
import { esc } from './svg.js';

const STYLE = `body{font-family:system-ui,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#24292f}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #d0d7de;padding:4px 8px;text-align:left}
th{background:#f6f8fa}svg{display:block;margin:1em 0;max-width:100%;height:auto}.note{color:#57606a}
details pre{background:#f6f8fa;padding:1em;overflow:auto}`;

/** A table as HTML, with a class for tests and styling. */
export function htmlTable(t: Table, cls: string): string {
  const head = `<tr>${t.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>`;
  return `<table class="${cls}"><thead>${head}</thead><tbody>${t.rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

function frontSections(s: StudySummary): string {
  const one = (sc: StudySummary['sram'], title: string, axis: string): string => (sc.points.length
    ? `<h3>${title}</h3>${frontChart(sc, axis)}<p class="note">front (trial: accuracy at ${esc(axis)}): ${sc.front.map((p) => `${p.trial}: ${(p.value * 100).toFixed(2)}% at ${kib(p.cost)}`).join('; ')}</p>`
    : `<h3>${title}</h3><p class="note">no complete trial carries a '${sc.limitName}' figure.</p>`);
  return `<h2>Pareto front</h2><p class="note">Red: the front of feasible trials; blue: other feasible trials; grey dots: trained but over a limit; grey ticks on the axis: rejected by the limits before training. The dashed line is the limit.</p>`
    + one(s.sram, 'Accuracy against peak SRAM', 'peak SRAM') + one(s.flash, 'Accuracy against flash', 'flash');
}

function bestSection(best: BestModel | null): string {
  if (!best) return '<h2>Best model</h2><p class="note">No complete feasible trial yet.</p>';
  const r = best.record;
  const head = `<h2>Best model: trial ${r.trial}</h2><p>accuracy ${(100 * (r.accuracy ?? 0)).toFixed(2)}%, ${r.params} params, ${r.macs} MACs</p>`;
  const limits = `<h3>Costs against limits</h3>${htmlTable(limitsTable(r), 'limits')}`;
  if ('error' in best) return `${head}${limits}<p class="note">architecture not drawn: ${esc(best.error)}</p>`;
  const m = best.cost.memory;
  const sramLimit = r.limits.find((l) => l.name === 'sram')?.limit;
  const arenaBudget = sramLimit === undefined ? null : sramLimit - m.persistentBytes;
  return `${head}${limits}<p>on ${esc(best.cost.device)} (${esc(best.cost.runtime)}): peak SRAM ${kib(m.peakSramBytes)} (arena ${kib(m.arenaBytes)} + persistent ${kib(m.persistentBytes)}), flash ${kib(best.cost.flashBytes)}, latency ${best.cost.latencyMs.toFixed(2)} ms, energy ${best.cost.energyUj.toFixed(1)} uJ</p>`
    + `<h3>Architecture</h3>${archChart(best.graph, new Set([m.peakOp]))}`
    + `<h3>Memory plan: SRAM over time</h3><p class="note">Arena bytes live at each op step; the peak op (${esc(m.peakOp)}) is red${arenaBudget === null ? '' : `; the dashed line is the SRAM limit less the runtime's persistent bytes (${kib(arenaBudget)})`}.</p>`
    + sramChart(liveBytesPerStep(m), m.order, m.peakOp, arenaBudget);
}

/** The whole report as one self-contained HTML page: inline CSS and SVG, no scripts, no external references. */
export function renderHtml(s: StudySummary, best: BestModel | null): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>tinyevo report: ${esc(s.study.name)}</title><style>${STYLE}</style></head><body>`
    + `<h1>tinyevo study '${esc(s.study.name)}'</h1><h2>Study</h2>${htmlTable(configTable(s), 'config')}`
    + `<details><summary>full config</summary><pre>${esc(JSON.stringify(s.study.config, null, 2))}</pre></details>`
    + `<h2>Progress</h2>${progressChart(s.progress)}${frontSections(s)}`
    + `<h2>Top ${s.top.length} models</h2>${htmlTable(topTable(s.top, s.exportStatus), 'top-models')}${bestSection(best)}</body></html>\n`;
}
