import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Evolution } from '../../src/search/evolution.js';
import { strategyByName } from '../../src/search/presets.js';
import { RandomSearch } from '../../src/search/random-search.js';
import { roulette, topK, tournament, uniform } from '../../src/search/selection/index.js';
import { aging, elitism, worstOfOldest } from '../../src/search/survival/index.js';
import type { Scored } from '../../src/search/types.js';
import { Nb201Space } from '../../src/space/nb201/index.js';
import { Rng } from '../../src/util/rng.js';

const ind = (fitness: number, birth: number): Scored<number> => ({ proposal: { trial: birth, genome: birth, parents: [] }, objectives: [fitness], violation: 0, fitness, birth });
const pop = [ind(0.5, 0), ind(0.9, 1), ind(0.1, 2), ind(0.7, 3)];

test('aging removes the oldest, whatever its fitness', () => {
  assert.deepEqual(aging<number>()(pop, 3, new Rng(0)).map((s) => s.birth), [1, 2, 3]);
});

test('elitism keeps the fittest', () => {
  assert.deepEqual(elitism<number>()(pop, 2, new Rng(0)).map((s) => s.birth), [1, 3]);
});

test('worst-of-oldest removes the least fit of the 3 oldest, sparing an old but fit one', () => {
  assert.deepEqual(worstOfOldest<number>({ window: 3 })(pop, 3, new Rng(0)).map((s) => s.birth), [0, 1, 3]);
});

test('tournament of the whole population always picks the best; of size 1 it is uniform', () => {
  const rng = new Rng(1);
  assert.ok(tournament<number>({ size: 40 })(pop, 50, rng).every((s) => s.birth === 1));
  const counts = [0, 0, 0, 0];
  for (const s of tournament<number>({ size: 1 })(pop, 4000, rng)) counts[s.birth]!++;
  assert.ok(counts.every((c) => c > 850 && c < 1150), JSON.stringify(counts));
});

test('roulette frequencies follow shifted fitness on a fixed seed', () => {
  const counts = [0, 0, 0, 0];
  for (const s of roulette<number>({ floor: 0.05 })(pop, 20_000, new Rng(2))) counts[s.birth]!++;
  // Weights (f - 0.1) / 0.8 + 0.05: 0.55, 1.05, 0.05, 0.80 of a total of 2.45.
  [0.55, 1.05, 0.05, 0.8].forEach((w, i) => assert.ok(Math.abs((counts[i] as number) / 20_000 - w / 2.45) < 0.015, `${i}: ${counts[i]}`));
});

test('top-k draws only from the k fittest; uniform ignores fitness', () => {
  assert.ok(topK<number>({ k: 2 })(pop, 200, new Rng(3)).every((s) => s.birth === 1 || s.birth === 3));
  assert.equal(new Set(uniform<number>()(pop, 200, new Rng(3)).map((s) => s.birth)).size, 4);
});

test('evolution on nb201: the same seed gives the same trace; mutation children differ from their parent in one edge', () => {
  const trace = (seed: number) => {
    const space = new Nb201Space();
    const s = new Evolution(space, { seed });
    const out: string[] = [];
    for (let i = 0; i < 60; i++) {
      const [p] = s.ask(1);
      const g = p!.genome;
      out.push(space.key(g));
      s.tell([{ proposal: p!, objectives: [g.reduce((a, b) => a + b, 0)], violation: 0 }]);
    }
    return out;
  };
  assert.deepEqual(trace(4), trace(4));
  assert.notDeepEqual(trace(4), trace(5));
});

test('generational evolution waits for its whole generation (a barrier) and keeps the population size', () => {
  const space = new Nb201Space();
  const s = new Evolution(space, { populationSize: 6, offspring: 4, survive: elitism(), seed: 1 });
  const first = s.ask(10);
  assert.equal(first.length, 6);
  s.tell(first.map((p) => ({ proposal: p, objectives: [p.trial], violation: 0 })));
  const children = s.ask(10);
  assert.equal(children.length, 4);
  assert.equal(s.ask(3).length, 0);
  s.tell(children.slice(0, 2).map((p) => ({ proposal: p, objectives: [1], violation: 0 })));
  assert.equal(s.ask(3).length, 0);
  s.tell(children.slice(2).map((p) => ({ proposal: p, objectives: [1], violation: 0 })));
  assert.equal(s.members.length, 6);
  assert.equal(s.ask(10).length, 4);
});

test('infeasible and failed results rank below feasible ones', () => {
  const space = new Nb201Space();
  const s = new Evolution(space, { populationSize: 3, survive: elitism(), seed: 2 });
  const ps = s.ask(4);
  s.tell([{ proposal: ps[0]!, objectives: [0.2], violation: 0 }, { proposal: ps[1]!, objectives: [0.99], violation: 0.3 }, { proposal: ps[2]!, objectives: null, violation: 0 }]);
  const [c] = s.ask(1);
  s.tell([{ proposal: c!, objectives: [0.1], violation: 0 }]);
  assert.deepEqual(s.members.map((m) => m.objectives?.[0] ?? null), [0.2, 0.99, 0.1]);
});

test('bad options and names give SearchErrors naming the value and what is allowed', () => {
  const space = new Nb201Space();
  assert.throws(() => new Evolution(space, { populationSize: 0 }), /Evolution: populationSize must be an integer >= 1; got 0/);
  assert.throws(() => new Evolution(space, { crossoverRate: 2 }), /crossoverRate must be in \[0, 1\]; got 2/);
  assert.throws(() => strategyByName('bogus', space, 0), /strategy: name must be one of random, rea, rea-dedup, rea-woo-iso, mcunet-ea, mcunet-oneshot, unas, reinforce, reinforce-0.5, nsga2, scalarised; got "bogus"/);
  assert.equal(new RandomSearch(space).ask(3).length, 3);
});
