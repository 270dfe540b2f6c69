import assert from 'node:assert/strict';
import { test } from 'node:test';
import { withCanonicalKey } from '../../src/search/canonical-key.js';
import { strategyByName } from '../../src/search/presets.js';
import { fromArchString, Nb201Space } from '../../src/space/nb201/index.js';

test('canonical key: nb201 cells that compute the same function share a key; others do not', () => {
  const space = withCanonicalKey(new Nb201Space());
  const k = (arch: string) => space.key(fromArchString(arch));
  // Both outputs are zero: every edge into node 3 is 'none'.
  assert.equal(k('|nor_conv_3x3~0|+|none~0|none~1|+|none~0|none~1|none~2|'), k('|none~0|+|avg_pool_3x3~0|none~1|+|none~0|none~1|none~2|'));
  // Node 2 is cut off (edge 2->3 is none), so its incoming ops do not matter.
  assert.equal(k('|nor_conv_3x3~0|+|skip_connect~0|nor_conv_1x1~1|+|skip_connect~0|nor_conv_3x3~1|none~2|'), k('|nor_conv_3x3~0|+|avg_pool_3x3~0|none~1|+|skip_connect~0|nor_conv_3x3~1|none~2|'));
  assert.notEqual(k('|nor_conv_3x3~0|+|skip_connect~0|nor_conv_1x1~1|+|skip_connect~0|nor_conv_3x3~1|none~2|'), k('|nor_conv_1x1~0|+|skip_connect~0|nor_conv_1x1~1|+|skip_connect~0|nor_conv_3x3~1|none~2|'));
  assert.equal(space.decisions?.length, 6);
});

test('rea-woo-iso never proposes two isomorphic nb201 cells (60 proposals)', () => {
  const space = new Nb201Space();
  const keyed = withCanonicalKey(space);
  const s = strategyByName('rea-woo-iso', space, 3);
  const keys = new Set<string>();
  for (let i = 0; i < 60; i++) {
    const [p] = s.ask(1);
    keys.add(keyed.key(p!.genome));
    s.tell([{ proposal: p!, objectives: [p!.genome.reduce((a, b) => a + b, 0)], violation: 0 }]);
  }
  assert.equal(keys.size, 60);
});
