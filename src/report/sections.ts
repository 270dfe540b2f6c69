import type { LimitCheck, TrialRecord } from '../study/types.js';
import { kib, pct } from './charts.js';
import type { StudySummary } from './data.js';

/** A table as plain data, rendered to HTML or Markdown by the same rows. */
export interface Table {
  readonly head: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

const limitOf = (r: TrialRecord, name: string): LimitCheck | undefined => r.limits.find((l) => l.name === name);
/** A limit's figure for people: bytes in KiB, integers as they are (MACs), others to 4 significant digits (ms, uJ). */
const fmtValue = (name: string, v: number): string => (name === 'sram' || name === 'flash' ? kib(v) : Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4))));
const fmtLimit = (l: LimitCheck | undefined): string => (l === undefined ? '-' : fmtValue(l.name, l.value));

/** The study's key settings and trial counts. */
export function configTable(s: StudySummary): Table {
  const c = (s.study.config ?? {}) as { [k: string]: unknown };
  const keys = ['dataset', 'space', 'strategy', 'seed', 'device', 'runtime', 'limits', 'budgetSeconds', 'maxEvaluations', 'fidelity'];
  const rows = keys.filter((k) => c[k] !== undefined).map((k) => [k, typeof c[k] === 'string' ? (c[k] as string) : JSON.stringify(c[k])]);
  const counts = Object.entries(s.counts).map(([k, v]) => `${v} ${k}`).join(', ') || 'no trials';
  return { head: ['setting', 'value'], rows: [['study', s.study.name], ['created', s.study.createdAt], ['trials', counts], ...rows] };
}

/** The top models: rank, trial, accuracy, params, MACs, each stored limit's value, and the export status when known. */
export function topTable(top: readonly TrialRecord[], exportStatus?: ReadonlyMap<number, string>): Table {
  const names = [...new Set(top.flatMap((r) => r.limits.map((l) => l.name)))].filter((n) => n !== 'macs');
  return {
    head: ['rank', 'trial', 'accuracy', 'params', 'MACs', ...names, ...(exportStatus ? ['export'] : [])],
    rows: top.map((r, i) => [String(i + 1), String(r.trial), `${((r.accuracy ?? 0) * 100).toFixed(2)}%`, String(r.params), String(r.macs), ...names.map((n) => fmtLimit(limitOf(r, n))),
      ...(exportStatus ? [exportStatus.get(r.trial) ?? '-'] : [])]),
  };
}

/** The best model's stored limit checks: value, limit, margin and whether it fits. */
export function limitsTable(r: TrialRecord): Table {
  return {
    head: ['limit', 'value', 'allowed', 'used', 'fits'],
    rows: r.limits.map((l) => [l.name, fmtValue(l.name, l.value), fmtValue(l.name, l.limit), pct(l.value / l.limit), l.margin >= 0 ? 'yes' : 'no']),
  };
}

const escMd = (s: string): string => s.replace(/\|/g, '\\|');

/** A table as GitHub Markdown. */
export function markdownTable(t: Table): string {
  return [`| ${t.head.map(escMd).join(' | ')} |`, `|${t.head.map(() => '---').join('|')}|`, ...t.rows.map((r) => `| ${r.map(escMd).join(' | ')} |`)].join('\n');
}
