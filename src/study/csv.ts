import type { TrialRow } from './storage/types.js';

/** One CSV field: quoted when it holds a comma, quote or line break (RFC 4180). */
function field(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Every trial of a study as CSV, one row per trial in trial order, for spreadsheets and pandas: state, accuracy, each
 * limit's value (one column per limit name seen), size, timings and worker fields; the genome as JSON.
 */
export function trialsCsv(rows: readonly TrialRow[]): string {
  const limits = [...new Set(rows.flatMap((r) => r.record?.limits.map((l) => l.name) ?? []))].sort();
  const head = ['trial', 'state', 'accuracy', 'float_accuracy', 'violation', ...limits.map((n) => `cost_${n}`), 'params', 'macs', 'seconds', 'epochs_trained', 'hash', 'key', 'parents', 'attempts', 'worker_id', 'proposed_ms', 'finished_ms', 'error', 'genome'];
  const lines = rows.map((r) => {
    const rec = r.record;
    const byName = new Map(rec?.limits.map((l) => [l.name, l.value]) ?? []);
    return [
      r.trial, r.state, rec?.accuracy, rec?.floatAccuracy, rec?.violation, ...limits.map((n) => byName.get(n)), rec?.params, rec?.macs, rec?.seconds,
      rec?.stoppedAtEpoch ?? rec?.curve.length, rec?.hash, r.key, r.parents.join(' '), r.attempts, r.workerId, r.proposedMs, r.finishedMs, rec?.error ?? r.lastError, r.genome,
    ].map(field).join(',');
  });
  return `${[head.join(','), ...lines].join('\n')}\n`;
}
