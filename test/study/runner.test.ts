import assert from 'node:assert/strict';
import { test } from 'node:test';
import { totalMacs } from '../../src/arch/graph.js';
import type { ArchGraph } from '../../src/arch/types.js';
import type { WeightTensor } from '../../src/engine/weights.js';
import type { Estimate, Estimator, Fidelity } from '../../src/estimate/types.js';
import { Evolution } from '../../src/search/evolution.js';
import type { Proposal, Strategy, Told } from '../../src/search/types.js';
import { Nb201Space } from '../../src/space/nb201/index.js';
import { NoFeasibleCandidateError, runSearch } from '../../src/study/runner.js';
import type { ConstraintCheck, TrialRecord } from '../../src/study/types.js';

/** A deterministic stand-in for training: accuracy grows with MACs, so the test knows the best without training. */
class MacsEstimator implements Estimator {
  readonly name = 'macs';
  readonly seen: ArchGraph[] = [];
  readonly starts: (readonly WeightTensor[] | undefined)[] = [];
  async estimate(graph: ArchGraph, fidelity: Fidelity, _signal?: AbortSignal, start?: readonly WeightTensor[]): Promise<Estimate> {
    this.seen.push(graph);
    this.starts.push(start);
    const accuracy = Math.min(0.99, totalMacs(graph) / 3e8);
    // One fake weight that names the graph, so a test can see whose weights a child started from.
    return { accuracy, fidelity, curve: [accuracy], seconds: 0, weights: [{ name: `macs/${totalMacs(graph)}`, shape: [1], values: new Float32Array([accuracy]) }] };
  }
}

const fidelity = { epochs: 1, trainFraction: 1, batchSize: 8 };
const macsBelow = (limit: number) => (g: ArchGraph): ConstraintCheck => {
  const value = totalMacs(g);
  return { violation: Math.max(0, (value - limit) / limit), limits: [{ name: 'macs', value, limit, margin: limit - value }] };
};

test('runner: infeasible candidates are never trained, repeats are not trained twice, every record is written before it is told', async () => {
  const space = new Nb201Space();
  const inner = new Evolution(space, { seed: 3, populationSize: 6 });
  const written: TrialRecord[] = [];
  const toldAfterWrite: boolean[] = [];
  const strategy: Strategy<readonly number[]> = {
    name: 'spy',
    ask: (n) => inner.ask(n),
    tell: (rs: readonly Told<readonly number[]>[]) => { rs.forEach((r) => toldAfterWrite.push(written.some((w) => w.trial === r.proposal.trial))); inner.tell(rs); },
  };
  const estimator = new MacsEstimator();
  const r = await runSearch({ space, strategy, estimator, fidelity, check: macsBelow(1.2e8), budgetSeconds: 60, maxEvaluations: 40, maxRejections: 1000, record: (x) => written.push(x) });
  assert.equal(estimator.seen.length, 40);
  assert.ok(estimator.seen.every((g) => totalMacs(g) <= 1.2e8), 'an infeasible graph was trained');
  assert.ok(toldAfterWrite.every(Boolean));
  assert.equal(new Set(r.records.filter((x) => x.state === 'complete').map((x) => x.hash)).size, 40);
  for (const d of r.records.filter((x) => x.state === 'duplicate')) {
    assert.equal(d.accuracy, r.records.find((x) => x.state === 'complete' && x.hash === d.hash)?.accuracy);
  }
  assert.ok(r.records.some((x) => x.state === 'infeasible' && x.seconds === 0));
  assert.equal(r.best?.record.accuracy, Math.max(...r.records.filter((x) => x.state === 'complete').map((x) => x.accuracy ?? 0)));
});

test('runner: limits no candidate can meet end with the closest candidate\'s margins after maxRejections', async () => {
  const space = new Nb201Space();
  const strategy = new Evolution(space, { seed: 1 });
  await assert.rejects(
    runSearch({ space, strategy, estimator: new MacsEstimator(), fidelity, check: macsBelow(1000), budgetSeconds: 60, maxEvaluations: 10, maxRejections: 25, record: () => {} }),
    (e: unknown) => e instanceof NoFeasibleCandidateError && /no candidate met the limits after 25 rejections; the closest \(trial \d+\) had macs \d+ vs limit 1000/.test(e.message));
});

test('runner: a strategy that proposes nothing ends the search cleanly', async () => {
  const empty: Strategy<readonly number[]> = { name: 'empty', ask: (): Proposal<readonly number[]>[] => [], tell: () => {} };
  const r = await runSearch({ space: new Nb201Space(), strategy: empty, estimator: new MacsEstimator(), fidelity, check: macsBelow(1e9), budgetSeconds: 5, maxEvaluations: 5, maxRejections: 5, record: () => {} });
  assert.deepEqual(r.records, []);
  assert.equal(r.best, null);
});

test('runner: with weight inheritance a trained child starts from its first parent\'s weights', async () => {
  const space = new Nb201Space();
  const estimator = new MacsEstimator();
  const written: TrialRecord[] = [];
  const r = await runSearch({ space, strategy: new Evolution(space, { seed: 5, populationSize: 4 }), estimator, fidelity, check: macsBelow(1e9), budgetSeconds: 60, maxEvaluations: 12, maxRejections: 10, record: (x) => written.push(x), inheritWeights: true });
  const trainedRecords = r.records.filter((x) => x.state === 'complete');
  trainedRecords.forEach((rec, i) => {
    const start = estimator.starts[i];
    if (rec.parents.length === 0) return assert.equal(start, undefined);
    const parent = r.records.find((x) => x.trial === rec.parents[0]);
    assert.equal(start?.[0]?.name, `macs/${parent?.macs}`);
  });
  assert.ok(trainedRecords.some((x) => x.parents.length > 0));
});
