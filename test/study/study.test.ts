import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Evolution } from '../../src/search/evolution.js';
import { Nb201Space } from '../../src/space/nb201/index.js';
import { configDiff } from '../../src/study/config-diff.js';
import { ReplayMismatchError, StudyError } from '../../src/study/errors.js';
import { replayStudy } from '../../src/study/replay.js';
import { MemoryStorage } from '../../src/study/storage/memory.js';
import { openStudy } from '../../src/study/study.js';
import { runSyntheticStudy } from './synthetic-study.js';

test('study: configDiff lists changed, added and removed fields and ignores budgetSeconds, maxEvaluations and finalEpochs', () => {
  assert.deepEqual(configDiff({ seed: 1, limits: { macs: 5 }, budgetSeconds: 10 }, { seed: 2, limits: { macs: 5, flashBytes: 9 }, budgetSeconds: 99 }),
    ['limits.flashBytes: (unset) -> 9', 'seed: 1 -> 2']);
  assert.deepEqual(configDiff({ a: [1, 2] }, { a: [1, 2], maxEvaluations: 4 }), []);
});

test('study: a name that exists with another config is refused with the differences and a new name to use', async () => {
  const s = new MemoryStorage();
  assert.equal((await openStudy(s, 'x', { seed: 1 })).resumed, false);
  assert.equal((await openStudy(s, 'x', { seed: 1, budgetSeconds: 5 })).resumed, true);
  await assert.rejects(openStudy(s, 'x', { seed: 2 }), (e: unknown) => e instanceof StudyError && /config must equal the stored one to resume; got 1 difference\(s\): seed: 1 -> 2\. Resume it with its stored config \(tinyevo search --study x --resume\), or start a new study with --study x-2/.test((e as Error).message));
});

test('study: replay with another seed stops with ReplayMismatchError naming the stored trial', async () => {
  const s = new MemoryStorage();
  await runSyntheticStudy(s, { name: 'r', seed: 3, trials: 15, delayMs: 0 });
  const rows = await s.trials(1);
  const space = new Nb201Space();
  assert.equal(replayStudy(new Evolution(space, { seed: 3, populationSize: 8 }), space, rows).records.length, rows.length);
  assert.throws(() => replayStudy(new Evolution(space, { seed: 4, populationSize: 8 }), space, rows),
    (e: unknown) => e instanceof ReplayMismatchError && /must equal stored trial 0 \(key '.*'\); got trial 0 with key/.test((e as Error).message));
});
