import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DuplicateStudyError, StudyError, TrialFinishedError } from '../../src/study/errors.js';
import type { QueueStorage, Storage, StoredProposal } from '../../src/study/storage/types.js';
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
export function storageContract(name: string, make: () => Storage | Promise<Storage>, skip: string | null = null): void {
  const withStorage = (title: string, body: (s: Storage) => Promise<void>) => test(`storage ${name}: ${title}`, { skip: skip ?? false }, async () => {
    const s = await make();
    try { await body(s); } finally { await s.close(); }
  });

  withStorage('createStudy then loadStudy gives the name and config back; a second createStudy throws DuplicateStudyError', async (s) => {
    const id = await s.createStudy({ name: 'a', config: { seed: 3, limits: { macs: 5 } } });
    const row = await s.loadStudy('a');
    assert.equal(row?.id, id);
    assert.deepEqual(row?.config, { seed: 3, limits: { macs: 5 } });
    assert.equal(row?.status, 'open');
    await s.setStudyStatus(id, 'closed');
    assert.equal((await s.loadStudy('a'))?.status, 'closed');
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
    assert.deepEqual((await s.trials(id, { fromTrial: 1 })).map((r) => r.trial), [1, 2]);
    assert.deepEqual((await s.trials(id, { states: ['running'], fromTrial: 1 })).map((r) => r.trial), [2]);
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

/** The rules of a work queue shared by workers (QueueStorage): claiming, leases, heartbeats, releases and attempts. */
export function queueContract(name: string, make: () => QueueStorage | Promise<QueueStorage>, skip: string | null = null): void {
  const withStorage = (title: string, body: (s: QueueStorage) => Promise<void>) => test(`queue ${name}: ${title}`, { skip: skip ?? false }, async () => {
    const s = await make();
    try { await body(s); } finally { await s.close(); }
  });

  withStorage('enqueued trials are claimed lowest first, each by one worker, and none is left after all are claimed', async (s) => {
    const id = await s.createStudy({ name: 'q', config: {} });
    for (const t of [1, 0, 2]) await s.enqueue(id, fakeTrial(t).p);
    assert.deepEqual((await s.trials(id)).map((r) => [r.trial, r.state, r.attempts]), [[0, 'pending', 0], [1, 'pending', 0], [2, 'pending', 0]]);
    const claims = await Promise.all(['a', 'b', 'c', 'd'].map((w) => s.claimPending(id, w, 60_000)));
    assert.deepEqual(claims.filter((c) => c).map((c) => c?.trial).sort(), [0, 1, 2]);
    assert.equal(claims.filter((c) => c === null).length, 1);
    const held = await s.trials(id);
    assert.ok(held.every((r) => r.state === 'running' && r.attempts === 1 && r.workerId !== null));
    assert.equal(new Set(held.map((r) => r.workerId)).size, 3);
  });

  withStorage('a lease that ran out lets another worker claim the trial; the old holder can no longer beat or release it', async (s) => {
    const id = await s.createStudy({ name: 'q', config: {} });
    await s.enqueue(id, fakeTrial(0).p);
    assert.equal((await s.claimPending(id, 'a', 60_000))?.workerId, 'a');
    assert.equal(await s.claimPending(id, 'b', 60_000), null);
    assert.equal(await s.heartbeat(id, 0, 'a'), true);
    await new Promise((r) => setTimeout(r, 10));
    const stolen = await s.claimPending(id, 'b', 1);
    assert.equal(stolen?.workerId, 'b');
    assert.equal(stolen?.attempts, 2);
    assert.equal(await s.heartbeat(id, 0, 'a'), false);
    assert.equal(await s.releaseTrial(id, 0, 'a', 'late'), false);
    assert.equal(await s.heartbeat(id, 0, 'b'), true);
    await s.finishTrial(id, 0, fakeTrial(0).r);
    await assert.rejects(s.finishTrial(id, 0, fakeTrial(0).r), TrialFinishedError);
  });

  withStorage('a trial the search process holds itself (running, no worker) is never claimed, however old', async (s) => {
    const id = await s.createStudy({ name: 'q', config: {} });
    await s.addProposal(id, fakeTrial(0).p);
    await new Promise((r) => setTimeout(r, 5));
    assert.equal(await s.claimPending(id, 'w', 1), null);
    assert.equal((await s.trials(id))[0]?.state, 'running');
  });

  withStorage('a released trial goes back to the queue with its error; after maxAttempts claims it ends failed with that error', async (s) => {
    const id = await s.createStudy({ name: 'q', config: {} });
    await s.enqueue(id, fakeTrial(0).p);
    await s.enqueue(id, fakeTrial(1).p);
    assert.equal((await s.claimPending(id, 'w', 60_000, 2))?.attempts, 1);
    assert.equal(await s.releaseTrial(id, 0, 'w', 'stopped from outside', true), true);
    assert.equal((await s.trials(id))[0]?.attempts, 0, 'a refunded attempt does not count');
    for (let attempt = 1; attempt <= 2; attempt++) {
      const c = await s.claimPending(id, 'w', 60_000, 2);
      assert.equal(c?.trial, 0);
      assert.equal(await s.releaseTrial(id, 0, 'w', `boom ${attempt}`), true);
    }
    const next = await s.claimPending(id, 'w', 60_000, 2);
    assert.equal(next?.trial, 1, 'trial 0 used its 2 attempts, so the queue moves on');
    const [t0] = await s.trials(id, { states: ['failed'] });
    assert.equal(t0?.trial, 0);
    assert.equal(t0?.record?.state, 'failed');
    assert.match(t0?.record?.error ?? '', /gave up after 2 attempts; last: boom 2/);
    assert.deepEqual(t0?.record?.genome, fakeTrial(0).p.genome);
  });

  withStorage('a trial whose worker died (no heartbeat) twice is finished as failed, not retried forever', async (s) => {
    const id = await s.createStudy({ name: 'q', config: {} });
    await s.enqueue(id, fakeTrial(0).p);
    await s.claimPending(id, 'a', 60_000, 2);
    await new Promise((r) => setTimeout(r, 5));
    await s.claimPending(id, 'b', 1, 2);
    await new Promise((r) => setTimeout(r, 5));
    assert.equal(await s.claimPending(id, 'c', 1, 2), null);
    const [row] = await s.trials(id);
    assert.equal(row?.state, 'failed');
    assert.match(row?.record?.error ?? '', /gave up after 2 attempts; last: its worker stopped sending heartbeats/);
  });
}
