import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { runHarness, searchOnce } from '../../src/benchmarks/nb201/harness.js';
import { loadNb201Table } from '../../src/benchmarks/nb201/table.js';

const dir = fileURLToPath(new URL('../../../../shared/benchmarks/nb201', import.meta.url));
const skip = !existsSync(dir) && 'needs ../shared/benchmarks/nb201';

test('nb201 harness: RS and REA under the NB201 protocol land near the published CIFAR-10 means (100 runs)', { skip }, () => {
  const table = loadNb201Table(dir);
  const rs = runHarness(table, { strategy: 'random', dataset: 'cifar10', protocol: 'nb201', runs: 100, seed: 0 });
  const rea = runHarness(table, { strategy: 'rea', dataset: 'cifar10', protocol: 'nb201', runs: 100, seed: 0 });
  // Published (NB201 Table 5): RS 93.70 +- 0.36, REA 93.92 +- 0.30. 100 runs: standard error about 0.035.
  assert.ok(Math.abs((rs.summary.c10_test_nb201?.mean ?? 0) - 93.70) < 0.2, JSON.stringify(rs.summary));
  assert.ok(Math.abs((rea.summary.c10_test_nb201?.mean ?? 0) - 93.92) < 0.2, JSON.stringify(rea.summary));
  const q = rs.runs.reduce((a, r) => a + r.queries, 0) / rs.runs.length;
  assert.ok(q > 95 && q < 115, `queries per run ${q}`);
  assert.ok(rs.runs.every((r) => r.seconds <= 12_000));
});

test('nb201 harness: a seed gives the same run; a budget below one query and bad runs are clear errors', { skip }, () => {
  const table = loadNb201Table(dir);
  const o = { strategy: 'rea', dataset: 'cifar10', protocol: 'nb201', runs: 1, seed: 9 } as const;
  assert.deepEqual(searchOnce(table, o, 9), searchOnce(table, o, 9));
  assert.throws(() => searchOnce(table, { ...o, budgetS: 1 }, 1), /budget must allow at least one query; got 1 s/);
  assert.throws(() => runHarness(table, { ...o, runs: 0 }), /runs must be an integer >= 1; got 0/);
  assert.throws(() => loadNb201Table('/nonexistent'), /table file must exist; got no file at \/nonexistent\/nb201.csv/);
});
