import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resnet8 } from '../../src/arch/zoo/index.js';
import { archChart, layersOf, layout } from '../../src/report/arch-chart.js';

test('arch chart resnet8: one box per node, every edge points down, the residual adds sit below both inputs', () => {
  const g = resnet8();
  const { pos } = layout(g);
  const layer = layersOf(g);
  for (const n of g.nodes) for (const i of n.inputs) {
    assert.ok((layer.get(i) as number) < (layer.get(n.id) as number), `${i} -> ${n.id}`);
    assert.ok((pos.get(i) as [number, number])[1] < (pos.get(n.id) as [number, number])[1]);
  }
  const adds = g.nodes.filter((n) => n.kind === 'add');
  assert.ok(adds.length >= 2);
  const svg = archChart(g, new Set([adds[0]?.id as string]));
  assert.equal((svg.match(/<g class="node"/g) ?? []).length, g.nodes.length);
  assert.equal((svg.match(/<line class="edge"/g) ?? []).length, g.nodes.reduce((s, n) => s + n.inputs.length, 0));
  assert.equal((svg.match(/fill="#ffebe9"/g) ?? []).length, 1, 'the highlighted (peak) node is red');
  // Two nodes in the same layer never overlap.
  const seen = new Set<string>();
  for (const [x, y] of pos.values()) {
    const k = `${Math.round(x)},${Math.round(y)}`;
    assert.ok(!seen.has(k), k);
    seen.add(k);
  }
});
