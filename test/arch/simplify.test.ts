import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GraphBuilder } from '../../src/arch/builder.js';
import { canonicalHash } from '../../src/arch/hash.js';
import { eliminateZeros } from '../../src/arch/simplify.js';

test('eliminateZeros drops zero edges from adds, collapses one-input adds, keeps the computation', () => {
  const b = new GraphBuilder([6, 6, 4]);
  const z = b.zero(b.input, 'z');
  const zc = b.conv2d(z, { filters: 4, useBias: false, id: 'zc' }); // conv of zero, no bias: still zero
  const c = b.conv2d(b.input, { filters: 4, id: 'c' });
  const s1 = b.add([c, z, zc], 's1');
  const s2 = b.add([s1, b.input], 's2');
  const g = b.build(s2);
  const simple = eliminateZeros(g);
  assert.deepEqual(simple.nodes.map((n) => n.id), ['input', 'c', 's2']);
  assert.deepEqual(simple.nodes.find((n) => n.id === 's2')?.inputs, ['c', 'input']);
  assert.equal(canonicalHash(simple), canonicalHash(g), 'same computation, same canonical hash');
  const plain = new GraphBuilder([4, 4, 1]);
  const g2 = plain.build(plain.conv2d(plain.input, { filters: 2 }));
  assert.equal(eliminateZeros(g2), g2, 'a graph without zeros is returned as it is');
});
