import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import * as api from '../../src/index.js';

/** Runs a compiled example (dist/examples/NAME.js) as a child process, as a user would. */
function runExample(name: string, ...args: string[]): string {
  const file = fileURLToPath(new URL(`../../examples/${name}.js`, import.meta.url));
  const r = spawnSync(process.execPath, [file, ...args], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, `${name} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

test('example cost-of-a-zoo-model: ds-cnn on nrf52840 prints its costs, the limit checks and feasibility', () => {
  const out = runExample('cost-of-a-zoo-model');
  assert.match(out, /^ds-cnn on nrf52840 \(tflm-cmsis\): 24332 params, 2736768 MACs$/m);
  assert.match(out, /peak SRAM \d+ B at op \S+, latency [\d.]+ ms/);
  assert.match(out, /^sram: \d+ of 65536 B -> fits$/m);
  assert.match(out, /^feasible: true$/m);
});

test('example sample-space: one line per space in the catalog, each valid (0 issues)', () => {
  const lines = runExample('sample-space', '3').trim().split('\n');
  assert.deepEqual(lines.map((l) => l.split(':')[0]), Object.keys(api.spaceCatalog));
  for (const l of lines) assert.match(l, /: \d+ nodes, input \[\d+,\d+,\d+\], \d+ params, \d+ MACs, 0 issues$/);
});

test('example ask-tell-search: 80 evaluations, a best feasible trial, the same output for the same seed', () => {
  const a = runExample('ask-tell-search', '80', '5');
  assert.match(a, /^evaluated 80 candidates, \d+ rejected by the limits before "training"$/m);
  const m = /best: trial (\d+), fake accuracy ([\d.]+)%, (\d+) MACs/.exec(a);
  assert.ok(m, a);
  assert.ok(Number(m[3]) <= 2_000_000, 'the best candidate meets the MACs limit');
  assert.equal(runExample('ask-tell-search', '80', '5'), a);
});

test('public API: the documented entry points exist with the right kinds', () => {
  const functions = ['runSearch', 'parseSearchConfig', 'spaceByName', 'spaceForData', 'allDevices', 'findDevice', 'estimateCost', 'check', 'strategyByName',
    'loadBundledMnist', 'graphToJSON', 'graphFromJSON', 'quantizeGraph', 'runQuantModel', 'writeReport', 'paretoFront2', 'deviceCheck'] as const;
  for (const f of functions) assert.equal(typeof api[f], 'function', f);
  for (const c of [api.Evolution, api.RandomSearch, api.Nsga2, api.Reinforce, api.Scalarised, api.TrainingEstimator, api.GraphBuilder, api.SqliteStorage]) assert.equal(typeof c, 'function');
  assert.ok(Object.keys(api.zoo).includes('ds-cnn'));
  assert.ok(Object.keys(api.spaceCatalog).includes('chain'));
  const g = api.zoo['resnet8']?.();
  assert.ok(g);
  assert.deepEqual(api.graphFromJSON(api.graphToJSON(g)), g);
});
