import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summarise } from '../../src/report/data.js';
import { axes, defaultFrame, esc, frameScales, niceTicks, stepPath } from '../../src/report/svg.js';
import type { TrialRow } from '../../src/study/storage/types.js';
import type { TrialRecord } from '../../src/study/types.js';

test('niceTicks(0, 1) -> 0, 0.2, ..., 1; niceTicks(3, 97) -> 20, 40, 60, 80; niceTicks(5, 5) -> [5]', () => {
  assert.deepEqual(niceTicks(0, 1), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(niceTicks(3, 97), [20, 40, 60, 80]);
  assert.deepEqual(niceTicks(5, 5), [5]);
});

test('axes: a tick line and label per nice tick, both titles, escaped text', () => {
  const s = frameScales(defaultFrame, [0, 100], [0, 1]);
  const svg = axes(defaultFrame, s, { xTitle: 'bytes <KiB>', yTitle: 'acc', yFormat: (v) => `${v * 100}%` });
  assert.equal((svg.match(/<line /g) ?? []).length, 2 + niceTicks(0, 100).length + niceTicks(0, 1).length);
  assert.match(svg, />bytes &lt;KiB&gt;</);
  assert.match(svg, />100%</);
  assert.equal(esc('a"&'), 'a&quot;&amp;');
});

test('stepPath [(0,10),(5,20),(9,30)] -> M0.0,10.0H5.0V20.0H9.0V30.0', () => {
  assert.equal(stepPath([[0, 10], [5, 20], [9, 30]]), 'M0.0,10.0H5.0V20.0H9.0V30.0');
});

function row(trial: number, state: TrialRecord['state'], accuracy: number | null, violation: number): TrialRow {
  const record: TrialRecord = { trial, state, genome: null, key: `k${trial}`, hash: `h${trial}`, parents: [], accuracy, curve: [], violation, limits: [], params: 1, macs: 1, seconds: 0 };
  return { trial, state, key: record.key, genome: null, parents: [], record, workerId: null, heartbeatMs: null, proposedMs: 0, finishedMs: 0, attempts: 0, lastError: null };
}

test('summarise: progress is the best feasible accuracy so far; infeasible and failed trials never raise it', () => {
  const rows = [row(0, 'infeasible', null, 1), row(1, 'complete', 0.5, 0), row(2, 'complete', 0.9, 0.2), row(3, 'failed', null, 0), row(4, 'complete', 0.7, 0)];
  const s = summarise({ id: 1, name: 's', config: {}, createdAt: 'now', status: 'open', counts: {} }, rows);
  assert.deepEqual(s.progress, [[1, null], [2, 0.5], [3, 0.5], [4, 0.5], [5, 0.7]]);
  assert.deepEqual(s.top.map((r) => r.trial), [4, 1]);
  assert.deepEqual(s.counts, { infeasible: 1, complete: 3, failed: 1 });
});
