import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Adam } from '../../src/search/adam.js';
import { strategyByName } from '../../src/search/presets.js';
import { Reinforce } from '../../src/search/reinforce.js';
import { ChainSpace } from '../../src/space/chain/index.js';
import { NB201_OPS, Nb201Space } from '../../src/space/nb201/index.js';

const CONV3 = NB201_OPS.indexOf('nor_conv_3x3');
const conv3Count = (g: readonly number[]) => g.filter((op) => op === CONV3).length;

/** Runs `steps` ask/tell rounds with reward = number of conv3x3 edges; returns the strategy and the proposals' keys. */
function train(seed: number, steps: number, lr: number) {
  const space = new Nb201Space();
  const s = new Reinforce(space, { lr, seed });
  const keys: string[] = [];
  for (let i = 0; i < steps; i++) {
    const [p] = s.ask(1);
    keys.push(space.key(p!.genome));
    s.tell([{ proposal: p!, objectives: [conv3Count(p!.genome)], violation: 0 }]);
  }
  return { s, keys };
}

test('reinforce nb201 reward=#conv3x3 lr=0.05 seed=3: P(conv3x3) rises from 0.2 to > 0.8 on every edge within 300 steps', () => {
  const { s } = train(3, 300, 0.05);
  const p = s.probabilities().map((edge) => edge[CONV3] as number);
  assert.ok(p.every((x) => x > 0.8), JSON.stringify(p));
});

test('reinforce: initial policy is near uniform (logits 1e-3 N(0,1)) and the baseline is the bias-corrected EMA', () => {
  const s = new Reinforce(new Nb201Space(), { seed: 1 });
  for (const edge of s.probabilities()) for (const q of edge) assert.ok(Math.abs(q - 0.2) < 1e-3);
  const [a, b] = s.ask(2);
  s.tell([{ proposal: a!, objectives: [10], violation: 0 }]);
  assert.equal(s.baseline, 10);
  s.tell([{ proposal: b!, objectives: [20], violation: 0 }]);
  // (0.9·0.1·10 + 0.1·20) / (0.9·0.1 + 0.1) = 2.9 / 0.19
  assert.ok(Math.abs(s.baseline - 2.9 / 0.19) < 1e-9);
});

test('reinforce: the same seed gives the same trace; another seed another', () => {
  assert.deepEqual(train(7, 50, 0.01).keys, train(7, 50, 0.01).keys);
  assert.notDeepEqual(train(7, 50, 0.01).keys, train(8, 50, 0.01).keys);
});

test('reinforce on a variable-length space throws a SearchError naming it and the fixed-length spaces', () => {
  assert.throws(() => new Reinforce(new ChainSpace()), (e: Error) => e.name === 'SearchError'
    && /Reinforce: space 'chain' must be fixed-length \(have decisions\); got a variable-length space\. Use one of nb201, mnasnet, multi-branch, cell, mcunet/.test(e.message));
  assert.throws(() => strategyByName('reinforce', new ChainSpace(), 0), /must be fixed-length/);
});

test('reinforce: bad lr and a trial told twice are clear errors; presets set lr 0.01 and 0.5', () => {
  const space = new Nb201Space();
  assert.throws(() => new Reinforce(space, { lr: 0 }), /Reinforce: lr must be a finite number > 0; got 0/);
  const s = new Reinforce(space);
  const [p] = s.ask(1);
  s.tell([{ proposal: p!, objectives: [1], violation: 0 }]);
  assert.throws(() => s.tell([{ proposal: p!, objectives: [1], violation: 0 }]), /trial 0 must be a pending proposal/);
  assert.equal((strategyByName('reinforce', space, 0) as Reinforce<readonly number[]>).options.lr, 0.01);
  assert.equal((strategyByName('reinforce-0.5', space, 0) as Reinforce<readonly number[]>).options.lr, 0.5);
});

test('adam: the first step moves each parameter by lr against the sign of its gradient', () => {
  const params = Float64Array.from([1, 1, 1]);
  new Adam(3, { lr: 0.1 }).step(params, Float64Array.from([2, -0.5, 0]));
  // m̂ = g, v̂ = g², so the step is lr·g/(|g| + 1e-8).
  assert.ok(Math.abs((params[0] as number) - 0.9) < 1e-7 && Math.abs((params[1] as number) - 1.1) < 1e-7);
  assert.equal(params[2], 1);
});
