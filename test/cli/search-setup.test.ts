import assert from 'node:assert/strict';
import { test } from 'node:test';
import { evaluationSetup } from '../../src/cli/search-setup.js';
import { ConfigError } from '../../src/errors.js';
import { parseSearchConfig } from '../../src/study/config.js';

test('search config: a reduced proxy (narrower, smaller inputs) is a fidelity option; bad values and int8 fitness with a proxy are refused', async () => {
  const c = parseSearchConfig({ fidelity: { widthMultiplier: 0.5, inputScale: 0.5 }, backend: 'cpu' });
  assert.deepEqual([c.fidelity.widthMultiplier, c.fidelity.inputScale, c.fidelity.epochs], [0.5, 0.5, 2]);
  assert.equal((await evaluationSetup(c)).estimator.name, 'training-w0.5-r0.5');
  assert.equal((await evaluationSetup(parseSearchConfig({ backend: 'cpu' }))).estimator.name, 'training');
  assert.throws(() => parseSearchConfig({ fidelity: { widthMultiplier: 1.5 } }), (e: unknown) => e instanceof ConfigError && /fidelity\.widthMultiplier/.test((e as Error).message));
  assert.throws(() => parseSearchConfig({ fidelity: { inputScale: 0.5 }, int8Fitness: true }),
    (e: unknown) => e instanceof ConfigError && /int8Fitness must be off with a reduced proxy \(fidelity\.widthMultiplier 1, fidelity\.inputScale 0\.5\)/.test((e as Error).message));
});
