import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DuplicateStudyError, StudyError, TrialFinishedError } from '../../src/study/errors.js';
import type { Storage, StoredProposal } from '../../src/study/storage/types.js';
import type { TrialRecord } from '../../src/study/types.js';

/** A proposal and a complete record for trial `trial`, with made-up but consistent values. */
export function fakeTrial(trial: number, accuracy = 0.5 + trial / 100): { p: StoredProposal; r: TrialRecord } {
  const key = `k${trial}`;
  const p = { trial, genome: [trial, 1, 2], key, parents: trial > 0 ? [trial - 1] : [] };
  const r: TrialRecord = {
    trial, state: 'complete', genome: p.genome, key, hash: `h${trial}`, parents: p.parents, accuracy, curve: [accuracy / 2, accuracy],
    violation: 0, limits: [{ name: 'macs', value: 10, limit: 20, margin: 10 }], params: 100 + trial, macs: 1000 + trial, seconds: 0.25,
  };
  return { p, r };
}

/** The rules every Storage keeps (see the Storage TSDoc), run against one implementation made fresh per test by `make`. */
export function storageContract(name: string, make: () => Storage): void {
  const withStorage = (title: string, body: (s: Storage) => Promise<void>) => test(`storage ${name}: ${title}`, async () => {
    const s = make();
    try { await body(s); } finally { s.close(); }
  });

  withStorage('createStudy then loadStudy gives the name and config back; a second createStudy throws DuplicateStudyError', async (s) => {
    const id = await s.createStudy({ name: 'a', config: { seed: 3, limits: { macs: 5 } } });
    const row = await s.loadStudy('a');
    assert.equal(row?.id, id);
    assert.deepEqual(row?.config, { seed: 3, limits: { macs: 5 } });
    await assert.rejects(s.createStudy({ name: 'a', config: {} }), (e: unknown) => e instanceof DuplicateStudyError && /'a', which exists/.test((e as Error).message));
    assert.equal(await s.loadStudy('missing'), null);
  });

  withStorage('a proposal is running until finished; trials come back in trial order with the record', async (s) => {
    const id = await s.createStudy({ name: 'a', config: {} });
    for (const t of [2, 0, 1]) await s.addProposal(id, fakeTrial(t).p, 'w1');
    await s.finishTrial(id, 1, fakeTrial(1).r);
    const rows = await s.trials(id);
    assert.deepEqual(rows.map((r) => [r.trial, r.state]), [[0, 'running'], [1, 'complete'], [2, 'running']]);
    assert.deepEqual(rows[1]?.record, fakeTrial(1).r);
    assert.equal(rows[0]?.workerId, 'w1');
    assert.deepEqual((await s.trials(id, { states: ['running'] })).map((r) => r.trial), [0, 2]);
    assert.deepEqual((await s.loadStudy('a'))?.counts, { running: 2, complete: 1 });
  });

  withStorage('finishTrial twice throws TrialFinishedError and the first record stays', async (s) => {
    const id = await s.createStudy({ name: 'a', config: {} });
    await s.addProposal(id, fakeTrial(0).p);
    await s.finishTrial(id, 0, fakeTrial(0).r);
    await assert.rejects(s.finishTrial(id, 0, fakeTrial(0, 0.9).r), (e: unknown) => e instanceof TrialFinishedError && /trial 0 was already told \(COMPLETE/.test((e as Error).message));
    await assert.rejects(s.addProposal(id, fakeTrial(0).p), TrialFinishedError);
    assert.equal((await s.trials(id))[0]?.record?.accuracy, fakeTrial(0).r.accuracy);
    await assert.rejects(s.finishTrial(id, 9, fakeTrial(9).r), (e: unknown) => e instanceof StudyError && /trial 9, which is not stored/.test((e as Error).message));
  });

  withStorage('re-proposing a running trial re-queues it; another key is refused', async (s) => {
    const id = await s.createStudy({ name: 'a', config: {} });
    await s.addProposal(id, fakeTrial(0).p, 'w1');
    await s.addProposal(id, fakeTrial(0).p, 'w2');
    assert.equal((await s.trials(id))[0]?.workerId, 'w2');
    await assert.rejects(s.addProposal(id, { ...fakeTrial(0).p, key: 'other' }), (e: unknown) => e instanceof StudyError && /must keep its stored key 'k0'; got 'other'/.test((e as Error).message));
  });

  withStorage('returned rows are copies', async (s) => {
    const id = await s.createStudy({ name: 'a', config: { x: [1] } });
    await s.addProposal(id, fakeTrial(0).p);
    const rows = await s.trials(id);
    (rows[0]?.genome as number[]).push(99);
    (((await s.loadStudy('a'))?.config as { x: number[] }).x).push(2);
    assert.deepEqual((await s.trials(id))[0]?.genome, [0, 1, 2]);
    assert.deepEqual((await s.loadStudy('a'))?.config, { x: [1] });
  });

  withStorage('listStudies is ordered by name and deleteStudy removes a study with its trials', async (s) => {
    await s.createStudy({ name: 'b', config: {} });
    const a = await s.createStudy({ name: 'a', config: {} });
    await s.addProposal(a, fakeTrial(0).p);
    assert.deepEqual((await s.listStudies()).map((x) => x.name), ['a', 'b']);
    assert.equal(await s.deleteStudy('a'), true);
    assert.equal(await s.deleteStudy('a'), false);
    assert.deepEqual((await s.listStudies()).map((x) => x.name), ['b']);
    const again = await s.createStudy({ name: 'a', config: {} });
    assert.deepEqual(await s.trials(again), []);
  });
}
