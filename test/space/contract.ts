import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildGraph } from '../../src/arch/graph.js';
import { canonicalHash } from '../../src/arch/hash.js';
import { SpaceError } from '../../src/errors.js';
import type { SearchSpace } from '../../src/space/types.js';
import { Rng } from '../../src/util/rng.js';

/** Options of the contract suite: how many genomes to try per property (the issue asks for 2,000). */
export interface ContractOptions { readonly count?: number; readonly badGenomes?: readonly unknown[] }

function checkDecodes<G>(space: SearchSpace<G>, g: G, what: string): void {
  assert.deepEqual(space.validate(g), [], `${what}: ${JSON.stringify(space.toJSON(g))}`);
  const graph = space.decode(g);
  // Rebuilding from the node specs re-runs every shape check: the decode must be a valid graph.
  const again = buildGraph(graph.inputShape, graph.nodes, graph.output);
  assert.equal(canonicalHash(again), canonicalHash(graph));
}

/**
 * The SearchSpace contract, run against every space: samples, mutations and crossovers validate and decode; the same
 * seed gives the same genomes; JSON round-trips; bad genomes get issues (not exceptions) from validate and a
 * SpaceError from decode and fromJSON.
 */
export function searchSpaceContract<G>(name: string, make: () => SearchSpace<G>, options: ContractOptions = {}): void {
  const count = options.count ?? 2000;
  test(`${name}: ${count} samples, mutations and crossovers all validate and decode`, () => {
    const space = make();
    const rng = new Rng(1);
    let prev = space.initial('random', rng);
    for (let i = 0; i < count; i++) {
      const g = space.sample(rng);
      checkDecodes(space, g, `sample ${i}`);
      const m = space.mutate(g, rng);
      checkDecodes(space, m, `mutation ${i}`);
      const c = space.crossover(m, prev, rng);
      checkDecodes(space, c, `crossover ${i}`);
      prev = c;
    }
  });
  test(`${name}: the same seed gives the same genomes; mutation changes the genome`, () => {
    const run = (seed: number) => {
      const space = make();
      const rng = new Rng(seed);
      const out: string[] = [];
      let g = space.sample(rng);
      for (let i = 0; i < 50; i++) {
        const m = space.mutate(g, rng);
        assert.notEqual(space.key(m), space.key(g), 'a mutation must change the genome');
        g = space.crossover(m, space.sample(rng), rng);
        out.push(space.key(g));
      }
      return out;
    };
    assert.deepEqual(run(7), run(7));
    assert.notDeepEqual(run(7), run(8));
  });
  test(`${name}: trivial, random and rich initialisations decode; JSON round-trips`, () => {
    const space = make();
    const rng = new Rng(3);
    for (const kind of ['trivial', 'random', 'rich'] as const) {
      const g = space.initial(kind, rng);
      checkDecodes(space, g, kind);
      const back = space.fromJSON(JSON.parse(JSON.stringify(space.toJSON(g))));
      assert.equal(space.key(back), space.key(g));
    }
  });
  test(`${name}: bad genomes get issues from validate and SpaceErrors from decode and fromJSON`, () => {
    const space = make();
    for (const bad of [null, 42, 'x', ...(options.badGenomes ?? [])]) {
      const issues = space.validate(bad);
      assert.ok(issues.length > 0, `validate(${JSON.stringify(bad)}) must find issues`);
      assert.ok(issues.every((i) => i.message.includes(space.name)), JSON.stringify(issues));
      assert.throws(() => space.decode(bad as G), SpaceError);
      assert.throws(() => space.fromJSON(bad), SpaceError);
    }
  });
}
