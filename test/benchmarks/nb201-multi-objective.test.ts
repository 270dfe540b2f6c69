import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { runHarness, runMoHarness } from '../../src/benchmarks/nb201/harness.js';
import { addToFront, hypervolumeFraction } from '../../src/benchmarks/nb201/multi-objective.js';
import { nb201Problem, parseObjectives } from '../../src/benchmarks/nb201/objectives.js';
import { pairedDifference, summarise } from '../../src/benchmarks/nb201/stats.js';
import { loadNb201Table } from '../../src/benchmarks/nb201/table.js';

const dir = fileURLToPath(new URL('../../../../shared/benchmarks/nb201', import.meta.url));
const skip = !existsSync(dir) && 'needs ../shared/benchmarks/nb201';

test('objectives: known pairs parse; an unknown name lists the known ones; accuracy must come first', () => {
  assert.deepEqual(parseObjectives('accuracy,latency:raspi4'), ['accuracy', 'latency:raspi4']);
  assert.throws(() => parseObjectives('accuracy,energy'), /nb201 harness: objective must be one of accuracy, flops, latency:raspi4, latency:pixel3; got "energy"/);
  assert.throws(() => parseObjectives('flops,accuracy'), /objectives must be accuracy and one cost \(flops, latency:raspi4, latency:pixel3\)/);
  assert.throws(() => parseObjectives('accuracy'), /objectives must be accuracy and one cost/);
});

test('front tracking keeps exactly the non-dominated cells (max told[0], min told[1])', () => {
  const told = [Float64Array.from([90, 80, 85, 95, 85]), Float64Array.from([10, 5, 8, 20, 9])] as const;
  let front: number[] = [];
  for (const i of [0, 1, 2, 3, 4, 2]) front = addToFront(front, i, told);
  // Cell 4 (85, 9) is dominated by cell 2 (85, 8); cell 2 told twice enters once.
  assert.deepEqual(front.sort(), [0, 1, 2, 3]);
});

test('paired difference: mean, standard error and the 2-SE rule', () => {
  const d = pairedDifference([1, 2, 3, 4], [0, 1, 2, 2]);
  // Differences 1, 1, 1, 2: mean 1.25, sample std 0.5, SE 0.25.
  assert.ok(Math.abs(d.mean - 1.25) < 1e-12 && Math.abs(d.se - 0.25) < 1e-12 && d.significant);
  assert.equal(summarise([2, 4]).std, 1);
});

test('nb201 exact fronts: the file\'s front cells score a hypervolume fraction of 1 (FLOPs and raspi4)', { skip }, () => {
  const table = loadNb201Table(dir);
  for (const objectives of ['accuracy,flops', 'accuracy,latency:raspi4', 'accuracy,latency:pixel3']) {
    const problem = nb201Problem(table, dir, parseObjectives(objectives), 'cifar10');
    assert.ok(Math.abs(hypervolumeFraction(problem.front.indices, problem) - 1) < 1e-6, objectives);
    assert.ok(hypervolumeFraction([0, 1, 2], problem) < 1);
  }
});

test('nb201 multi-objective harness: nsga2 is deterministic, its hypervolume grows and stays <= 1', { skip }, () => {
  const table = loadNb201Table(dir);
  const o = { strategy: 'nsga2', dataset: 'cifar10', protocol: 'nb201', runs: 3, seed: 4, objectives: 'accuracy,flops', dataDir: dir, evaluations: [50, 200] } as const;
  const a = runMoHarness(table, o);
  assert.deepEqual(a.runs, runHarness(table, o).runs);
  for (const r of a.runs) assert.ok(r.hv[0]! <= r.hv[1]! && r.hv[1]! <= 1 + 1e-12, JSON.stringify(r.hv));
  assert.deepEqual(Object.keys(a.summary), ['hv@50', 'hv@200', 'front size']);
  assert.throws(() => runHarness(table, { ...o, objectives: 'accuracy,bogus' }), /objective must be one of accuracy, flops, latency:raspi4, latency:pixel3; got "bogus"/);
  assert.throws(() => runHarness(table, { ...o, dataDir: undefined }), /dataDir must be set for a multi-objective run/);
});
