import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GraphBuilder } from '../../src/arch/builder.js';
import { canonicalHash } from '../../src/arch/hash.js';
import { graphFromJSON, graphToJSON } from '../../src/arch/json.js';
import { dsCnn, mobileNetV2, resnet8 } from '../../src/arch/zoo/index.js';
import { ShapeError } from '../../src/errors.js';

test('JSON round trip keeps every node, shape and the hash, for the reference models', () => {
  for (const g of [dsCnn(), resnet8(), mobileNetV2()]) {
    const back = graphFromJSON(JSON.stringify(graphToJSON(g)));
    assert.deepEqual(back, g);
    assert.equal(canonicalHash(back), canonicalHash(g));
  }
});

test('graphFromJSON: wrong schema version, unknown op kind and malformed node give ShapeErrors that say what is allowed', () => {
  const j = graphToJSON(dsCnn());
  assert.throws(() => graphFromJSON({ ...j, schemaVersion: 99 }), /schemaVersion must be 1; got 99/);
  const bad = { ...j, nodes: j.nodes.map((n, i) => (i === 1 ? { ...n, kind: 'conv3d' } : n)) };
  assert.throws(() => graphFromJSON(bad), (e: unknown) => e instanceof ShapeError && /kind must be one of input, conv2d/.test(e.message) && /got "conv3d"/.test(e.message));
  assert.throws(() => graphFromJSON({ ...j, nodes: [j.nodes[0], 5] }), /nodes\[1\] must be \{id, kind, inputs/);
  assert.throws(() => graphFromJSON('{oops'), /text must be valid JSON/);
});

test('canonical hash: renamed ids and swapped add inputs hash equal; a different kernel or stride differs', () => {
  const make = (names: [string, string], swap: boolean, kernel = 3) => {
    const b = new GraphBuilder([8, 8, 4]);
    const a = b.conv2d(b.input, { filters: 4, kernel, id: names[0] });
    const c = b.depthwiseConv2d(b.input, { id: names[1] });
    b.add(swap ? [c, a] : [a, c]);
    return b.build();
  };
  const h = canonicalHash(make(['x', 'y'], false));
  assert.equal(canonicalHash(make(['p', 'q'], true)), h);
  assert.notEqual(canonicalHash(make(['x', 'y'], false, 5)), h);
  assert.match(h, /^[0-9a-f]{64}$/);
});

test('canonical hash ignores nodes that do not reach the output', () => {
  const b = new GraphBuilder([8, 8, 4]);
  const a = b.conv2d(b.input, { filters: 4, id: 'a' });
  b.conv2d(b.input, { filters: 7, id: 'dead' });
  const g1 = b.build(a);
  const b2 = new GraphBuilder([8, 8, 4]);
  const g2 = b2.build(b2.conv2d(b2.input, { filters: 4, id: 'z' }));
  assert.equal(canonicalHash(g1), canonicalHash(g2));
});

test('graphFromJSON: a cycle (a node reading a later node) is rejected, naming the node and the rule', () => {
  const j = {
    schemaVersion: 1, inputShape: [4, 4, 2], output: 'b',
    nodes: [
      { id: 'in', kind: 'input', inputs: [], attrs: {} },
      { id: 'a', kind: 'add', inputs: ['in', 'b'], attrs: {} },
      { id: 'b', kind: 'add', inputs: ['in', 'a'], attrs: {} },
    ],
  };
  assert.throws(() => graphFromJSON(j), /add 'a': input 'b' must name an earlier node; got no such node before it\. Nodes must be in topological order/);
});
