import { kib } from './charts.js';
import type { LimitScatter, StudySummary } from './data.js';
import type { BestModel } from './model.js';
import { configTable, limitsTable, markdownTable, topTable } from './sections.js';

function frontLines(sc: LimitScatter, label: string): string {
  if (sc.front.length === 0) return `- ${label}: no feasible point`;
  return `- ${label}${sc.limit === null ? '' : ` (limit ${kib(sc.limit)})`}: ${sc.front.map((p) => `trial ${p.trial} ${(p.value * 100).toFixed(2)}% at ${kib(p.cost)}`).join('; ')}`;
}

function bestLines(best: BestModel | null): string[] {
  if (!best) return ['## Best model', '', 'No complete feasible trial yet.'];
  const r = best.record;
  const lines = [`## Best model: trial ${r.trial}`, '', `accuracy ${((r.accuracy ?? 0) * 100).toFixed(2)}%, ${r.params} params, ${r.macs} MACs`, '', markdownTable(limitsTable(r))];
  if ('error' in best) return [...lines, '', `Architecture not analysed: ${best.error}`];
  const m = best.cost.memory;
  return [...lines, '', `Memory plan on ${best.cost.device} (${best.cost.runtime}): peak SRAM ${kib(m.peakSramBytes)} at op \`${m.peakOp}\` (arena ${kib(m.arenaBytes)}, persistent ${kib(m.persistentBytes)}); ${best.graph.nodes.length} nodes. Plots: report.html.`];
}

/** The Markdown summary: config, best progress, the fronts as lists, the top table and the best model's costs. */
export function renderMarkdown(s: StudySummary, best: BestModel | null): string {
  const last = s.progress.at(-1)?.[1];
  return [
    `# tinyevo study '${s.study.name}'`, '', markdownTable(configTable(s)), '',
    `## Progress`, '', `${s.progress.length} finished trials; best feasible accuracy ${last == null ? 'none yet' : `${(last * 100).toFixed(2)}%`}.`, '',
    '## Pareto front', '', frontLines(s.sram, 'accuracy vs peak SRAM'), frontLines(s.flash, 'accuracy vs flash'), '',
    `## Top ${s.top.length} models`, '', markdownTable(topTable(s.top, s.exportStatus)), '', ...bestLines(best), '',
  ].join('\n');
}
