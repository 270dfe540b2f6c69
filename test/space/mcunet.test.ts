import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalHash } from '../../src/arch/hash.js';
import { nodeCosts, totalMacs } from '../../src/arch/graph.js';
import { spaceForData } from '../../src/space/index.js';
import { McunetSpace } from '../../src/space/mcunet/index.js';
import { Rng } from '../../src/util/rng.js';
import { searchSpaceContract } from './contract.js';

searchSpaceContract('mcunet', () => new McunetSpace({ width: 0.35, resolution: 48 }), { badGenomes: [[1, 2, 3], new Array(54).fill(3)] });

test('mcunet: genomes that differ only in inactive blocks share a key and decode to the same graph', () => {
  const space = new McunetSpace();
  const g = [...space.initial('trivial', new Rng(1))];
  const h = [...g];
  h[1 + 2 * 3] = 2; // stage 1, block 4 kernel: inactive at depth 2
  assert.equal(space.key(g), space.key(h));
  assert.equal(canonicalHash(space.decode(g)), canonicalHash(space.decode(h)));
});

test('mcunet: width and resolution scale MACs; a bad knob is a SpaceError naming it', () => {
  const g = new McunetSpace().initial('rich', new Rng(1));
  const small = totalMacs(new McunetSpace({ width: 0.5, resolution: 64 }).decode(g));
  const wide = totalMacs(new McunetSpace({ width: 1.0, resolution: 64 }).decode(g));
  const big = totalMacs(new McunetSpace({ width: 0.5, resolution: 128 }).decode(g));
  assert.ok(wide > 3 * small && wide < 5 * small, `${small} ${wide}`);
  assert.ok(big > 3.5 * small && big < 4.5 * small, `${small} ${big}`);
  // stem: 3x3 stride 2 conv, 64x64x3 -> 32x32x16 (32 * 0.5 = 16 filters): 32*32*16*27 = 442,368 MACs.
  assert.equal(nodeCosts(new McunetSpace({ width: 0.5, resolution: 64 }).decode(g)).find((c) => c.id === 'stem.conv')?.macs, 442_368);
  assert.throws(() => new McunetSpace({ resolution: 12 }), /mcunet: resolution must be an integer in \[16, 320\]; got 12/);
  assert.throws(() => new McunetSpace({ channels: 0 }), /mcunet: input channels must be an integer in \[1, 16\]; got 0/);
});

test('mcunet: a non-square input (a 49x10 spectrogram) decodes, runs through every stride, and spaceForData builds it', () => {
  const space = new McunetSpace({ width: 0.5, resolution: 49, columns: 10, channels: 1, classes: 12 });
  const g = space.largest();
  const graph = space.decode(g);
  assert.deepEqual(graph.inputShape, [49, 10, 1]);
  // stem: 3x3 stride 2, 'same': 49x10 -> 25x5x16; 25*5*16*9 = 18,000 MACs.
  assert.equal(nodeCosts(graph).find((c) => c.id === 'stem.conv')?.macs, 18_000);
  assert.deepEqual(graph.nodes.find((n) => n.id === 'logits')?.shape, [12]);
  assert.equal(canonicalHash(spaceForData('mcunet', [49, 10, 1], 12).decode(g)), canonicalHash(graph));
  assert.throws(() => new McunetSpace({ columns: 0 }), /mcunet: columns \(the input width\) must be an integer in \[1, 320\]; got 0/);
});

test('spaceForData: a width multiplier builds the narrower mcunet space, and is refused by name for a space without one', () => {
  const g = new McunetSpace().initial('rich', new Rng(1));
  const narrow = spaceForData('mcunet', [28, 28, 1], 10, { width: 0.25 });
  assert.equal(totalMacs(narrow.decode(g)), totalMacs(new McunetSpace({ width: 0.25, resolution: 28, channels: 1 }).decode(g)));
  assert.ok(totalMacs(narrow.decode(g)) < totalMacs(spaceForData('mcunet', [28, 28, 1], 10).decode(g)));
  assert.throws(() => spaceForData('chain', [28, 28, 1], 10, { width: 0.25 }), /space chain: a width multiplier \(spaceWidth, --space-width\) applies to the mcunet space only; got 0\.25 with 'chain'\. Drop it, or use --space mcunet\./);
});
