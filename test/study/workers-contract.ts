/** The workers tests, run against SQLite (study-workers.test.ts) and PostgreSQL (study-workers-postgres.test.ts). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Nb201Space } from '../../src/space/nb201/index.js';
import { MemoryStorage } from '../../src/study/storage/memory.js';
import { openStorage } from '../../src/study/storage/open.js';
import type { QueueStorage } from '../../src/study/storage/types.js';
import type { TrialRecord } from '../../src/study/types.js';
import { Rng } from '../../src/util/rng.js';
import { runSyntheticStudy } from './synthetic-study.js';
import { spawnWorkerChild } from './worker-harness.js';

/** Options: a backend name, a factory of fresh storage URLs, how many queued trials and worker processes the drain test uses. */
export interface WorkersContractOptions {
  readonly name: string;
  readonly url: () => string;
  readonly trials: number;
  readonly workers: number;
  readonly skip?: string | null;
}

const strip = (r: TrialRecord) => ({ trial: r.trial, state: r.state, key: r.key, hash: r.hash, accuracy: r.accuracy, macs: r.macs });

export function workersContract(o: WorkersContractOptions): void {
  const skip = o.skip ?? false;

  test(`workers ${o.name}: ${o.workers} processes drain ${o.trials} queued trials, each stored exactly once, with no lock error`, { skip }, async (t) => {
    const url = o.url();
    const s: QueueStorage = await openStorage(url);
    const id = await s.createStudy({ name: 'w', config: {} });
    const space = new Nb201Space();
    const rng = new Rng(8);
    for (let trial = 0; trial < o.trials; trial++) {
      const g = space.sample(rng);
      await s.enqueue(id, { trial, genome: space.toJSON(g), key: space.key(g), parents: [] });
    }
    await s.setStudyStatus(id, 'closed');
    const kids = Array.from({ length: o.workers }, () => spawnWorkerChild({ storage: url, name: 'w', delayMs: 0, leaseMs: 30_000 }));
    const results = await Promise.all(kids.map((k) => k.done));
    const finished = results.flatMap((r) => r?.finished ?? []);
    t.diagnostic(`trials per worker: ${results.map((r) => r?.finished.length).join(', ')}`);
    assert.equal(finished.length, o.trials, 'every trial stored once in total');
    assert.equal(new Set(finished).size, o.trials, 'no trial stored by two workers');
    assert.ok(results.every((r) => (r?.finished.length ?? 0) > 0), 'every worker must have claimed some trials');
    assert.ok(results.every((r) => !/locked|busy/i.test(r?.stderr ?? '')), `no lock errors: ${results.map((r) => r?.stderr).join('')}`);
    const rows = await s.trials(id);
    assert.equal(rows.length, o.trials);
    assert.ok(rows.every((r) => r.state === 'complete' && r.record?.trial === r.trial && r.workerId === null && r.attempts === 1));
    await s.close();
  });

  test(`workers ${o.name}: a worker killed mid-trial loses its lease; the other worker re-runs and stores that trial`, { skip }, async () => {
    const url = o.url();
    const s: QueueStorage = await openStorage(url);
    const id = await s.createStudy({ name: 'k', config: {} });
    const space = new Nb201Space();
    const rng = new Rng(9);
    for (let trial = 0; trial < 6; trial++) {
      const g = space.sample(rng);
      await s.enqueue(id, { trial, genome: space.toJSON(g), key: space.key(g), parents: [] });
    }
    const a = spawnWorkerChild({ storage: url, name: 'k', delayMs: 0, leaseMs: 600, hangOnTrial: 0 });
    await a.waitFor('holding 0');
    const b = spawnWorkerChild({ storage: url, name: 'k', delayMs: 0, leaseMs: 600 });
    // b finishes 1..5 while a holds 0 with live heartbeats: 0 is not taken from a living worker.
    for (;;) {
      const rows = await s.trials(id);
      if (rows.filter((r) => r.state === 'complete').length === 5) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 900));
    const held = (await s.trials(id))[0];
    assert.equal(held?.state, 'running', 'a living worker keeps its trial past the lease by its heartbeats');
    a.child.kill('SIGKILL');
    assert.equal(await a.done, null);
    for (;;) {
      const [t0] = await s.trials(id);
      if (t0?.state === 'complete') break;
      await new Promise((r) => setTimeout(r, 20));
    }
    await s.setStudyStatus(id, 'closed');
    const rb = await b.done;
    assert.deepEqual(rb?.finished.sort(), [0, 1, 2, 3, 4, 5]);
    const [t0] = await s.trials(id);
    assert.equal(t0?.attempts, 2, 'the killed attempt and the one that finished');
    await s.close();
  });

  test(`workers ${o.name}: a search with 3 worker processes and batches of 4 ends with the same trials as the same search in one process`, { skip }, async () => {
    const url = o.url();
    const s = await openStorage(url);
    await runSyntheticStudy(s, { name: 'p', seed: 5, trials: 60, delayMs: 1, batch: 4, workers: { count: 3, storage: url } });
    const study = await s.loadStudy('p');
    const rows = await s.trials(study?.id ?? -1);
    await s.close();
    const memory = new MemoryStorage();
    await runSyntheticStudy(memory, { name: 'p', seed: 5, trials: 60, delayMs: 0, batch: 4 });
    const reference = (await memory.trials(1)).flatMap((r) => (r.record ? [r.record] : []));
    assert.deepEqual(rows.map((r) => r.record && strip(r.record)), reference.map(strip));
    assert.equal(new Set(rows.map((r) => r.workerId)).size, 1, 'no trial is left held');
    assert.ok(rows.filter((r) => r.state === 'complete').every((r) => r.attempts === 1), 'each trained trial claimed once');
  });
}
