import assert from 'node:assert/strict';
import { test } from 'node:test';
import { constrainedDominates, crowdingDistance, dominates, nonDominatedSort, Nsga2, nsga2Survival, paretoRanks, type Nsga2Member } from '../../src/search/nsga2/index.js';
import { crowdedTournament } from '../../src/search/nsga2/tournament.js';
import { strategyByName } from '../../src/search/presets.js';
import { NB201_OPS, Nb201Space } from '../../src/space/nb201/index.js';
import { Rng } from '../../src/util/rng.js';

const feasible = (...objectives: number[]) => ({ objectives, violation: 0 });

test('non-dominated sort (minimise both): a hand-made set of 7 points gets ranks 0,0,0,1,1,2,0', () => {
  // Front 0 = (1,5) (2,3) (4,1) (6,0); (3,3) is dominated by (2,3) and (5,2) by (4,1); (5,5) by (3,3).
  const pts = [feasible(1, 5), feasible(2, 3), feasible(4, 1), feasible(3, 3), feasible(5, 2), feasible(5, 5), feasible(6, 0)];
  assert.deepEqual(paretoRanks(pts), [0, 0, 0, 1, 1, 2, 0]);
  assert.deepEqual(nonDominatedSort(pts), [[0, 1, 2, 6], [3, 4], [5]]);
  assert.ok(dominates([1, 1], [1, 2]) && !dominates([1, 1], [1, 1]) && !dominates([0, 2], [1, 1]));
});

test('constraint domination: feasible beats infeasible, smaller violation wins, feasible points by Pareto', () => {
  assert.ok(constrainedDominates(feasible(9, 9), { objectives: [0, 0], violation: 0.1 }));
  assert.ok(!constrainedDominates({ objectives: [0, 0], violation: 0.1 }, feasible(9, 9)));
  assert.ok(constrainedDominates({ objectives: [9, 9], violation: 0.1 }, { objectives: [0, 0], violation: 0.2 }));
  assert.ok(!constrainedDominates({ objectives: [0, 0], violation: 0.2 }, { objectives: [0, 0], violation: 0.2 }));
  const ranks = paretoRanks([feasible(5, 5), { objectives: [0, 0], violation: 0.5 }, { objectives: [0, 0], violation: 0.1 }, feasible(1, 9)]);
  assert.deepEqual(ranks, [0, 2, 1, 0]);
});

test('crowding distance: boundary points are Infinity, interior ones the normalised neighbour gaps', () => {
  const d = crowdingDistance([[0, 10], [1, 6], [4, 2], [10, 0]]);
  // Point [1,6]: (4-0)/10 + (10-2)/10 = 1.2; point [4,2]: (10-1)/10 + (6-0)/10 = 1.5.
  assert.equal(d[0], Infinity);
  assert.equal(d[3], Infinity);
  assert.ok(Math.abs((d[1] as number) - 1.2) < 1e-12 && Math.abs((d[2] as number) - 1.5) < 1e-12);
  assert.deepEqual(crowdingDistance([[3, 3], [3, 3], [3, 3]]), [Infinity, 0, Infinity]);
});

test('nsga2 survival keeps whole fronts, cuts the last by crowding; the tournament prefers rank, then crowding', () => {
  const m = (trial: number, objectives: number[]): Nsga2Member<number> => ({ told: { proposal: { trial, genome: trial, parents: [] }, objectives, violation: 0 }, point: feasible(...objectives), rank: 0, crowding: 0 });
  const pool = [m(0, [0, 10]), m(1, [1, 6]), m(2, [4, 2]), m(3, [10, 0]), m(4, [5, 5]), m(5, [2, 9]), m(6, [9, 9])];
  const kept = nsga2Survival(pool, 5);
  // Front 0 = trials 0..3; front 1 = 4 (5,5) and 5 (2,9): both are its boundary (Infinity), the older (4) wins.
  assert.deepEqual(kept.map((k) => k.told.proposal.trial), [0, 1, 2, 3, 4]);
  assert.deepEqual(kept.map((k) => k.rank), [0, 0, 0, 0, 1]);
  const picks = crowdedTournament([{ rank: 0, crowding: 1 }, { rank: 1, crowding: 9 }, { rank: 0, crowding: 2 }], 300, new Rng(0));
  assert.ok(picks.filter((p) => p.rank === 1).length < 40 && picks.filter((p) => p.crowding === 2).length > 150);
});

/** NSGA-II on NB201 with objectives [#conv3x3 (max), #non-none edges (min)]; returns the proposal keys. */
function trace(seed: number, count: number) {
  const space = new Nb201Space();
  const s = new Nsga2(space, { populationSize: 8, seed });
  const keys: string[] = [];
  while (keys.length < count) {
    const batch = s.ask(3);
    assert.ok(batch.length > 0);
    keys.push(...batch.map((p) => space.key(p.genome)));
    s.tell(batch.map((p) => ({ proposal: p, objectives: [p.genome.filter((o) => o === NB201_OPS.indexOf('nor_conv_3x3')).length, p.genome.filter((o) => o !== 0).length], violation: 0 })));
  }
  return { s, keys };
}

test('nsga2 on nb201: same seed same trace, no duplicate proposals, generations of N behind a barrier', () => {
  assert.deepEqual(trace(2, 80).keys, trace(2, 80).keys);
  assert.notDeepEqual(trace(2, 80).keys, trace(3, 80).keys);
  const { keys } = trace(2, 120);
  assert.equal(new Set(keys).size, keys.length);
  const s = new Nsga2(new Nb201Space(), { populationSize: 4, seed: 1 });
  const first = s.ask(10);
  assert.equal(first.length, 4);
  assert.equal(s.ask(1).length, 0);
  s.tell(first.map((p) => ({ proposal: p, objectives: [p.trial, 1], violation: 0 })));
  const kids = s.ask(10);
  assert.equal(kids.length, 4);
  assert.equal(s.ask(1).length, 0);
  s.tell(kids.map((p) => ({ proposal: p, objectives: [0, 1], violation: 0 })));
  assert.equal(s.members.length, 4);
});

test('nsga2: a result with the wrong number of objectives and bad options are clear errors; the preset has population 20', () => {
  const s = new Nsga2(new Nb201Space(), { directions: ['maximize', 'minimize'] });
  const [p] = s.ask(1);
  assert.throws(() => s.tell([{ proposal: p!, objectives: [0.9], violation: 0 }]), /Nsga2.tell: trial 0 must have 2 objectives \(maximize, minimize\); got 1 \(\[0.9\]\)/);
  assert.throws(() => new Nsga2(new Nb201Space(), { populationSize: 1 }), /Nsga2: populationSize must be an integer >= 2; got 1/);
  assert.equal((strategyByName('nsga2', new Nb201Space(), 0) as Nsga2<readonly number[]>).options.populationSize, 20);
});
