import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SramFront } from '../../src/study/front.js';
import type { TrialRecord } from '../../src/study/types.js';

const rec = (trial: number, accuracy: number, sram: number, state: TrialRecord['state'] = 'complete', violation = 0): TrialRecord => ({
  trial, state, genome: null, key: String(trial), hash: String(trial), parents: [], accuracy, curve: [], violation,
  limits: [{ name: 'sram', value: sram, limit: 65536, margin: 65536 - sram }], params: 0, macs: 0, seconds: 0,
});

test('the SRAM front keeps only non-dominated complete feasible trials, sorted by SRAM', () => {
  const f = new SramFront();
  assert.equal(f.add(rec(1, 0.9, 40_000)), true);
  assert.equal(f.add(rec(2, 0.85, 50_000)), false, 'dominated: more SRAM, less accurate');
  assert.equal(f.add(rec(3, 0.95, 60_000)), true);
  assert.equal(f.add(rec(4, 0.92, 30_000)), true, 'dominates trial 1');
  assert.equal(f.add(rec(5, 0.99, 10_000, 'infeasible', 0.5)), false);
  assert.deepEqual(f.get().map((p) => p.trial), [4, 3]);
  assert.equal(f.toString(), '92.0%@29KiB 95.0%@59KiB');
});
