/**
 * Study storage overhead per trial (ask + store + tell) on memory, SQLite and PostgreSQL (a throw-away local cluster,
 * when Debian's postgresql is installed), the time to open and replay a stored study of 10,000 trials on each, and
 * the queue round trip (enqueue, claim, finish, collect) per trial. Usage: npm run bench:study
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Evolution } from '../src/search/evolution.js';
import { Nb201Space } from '../src/space/nb201/index.js';
import { replayStudy } from '../src/study/replay.js';
import { MemoryStorage } from '../src/study/storage/memory.js';
import { SqliteStorage } from '../src/study/storage/sqlite.js';
import type { QueueStorage, Storage } from '../src/study/storage/types.js';
import { PostgresStorage } from '../src/study/storage/postgres.js';
import { postgresMissing, startPostgres } from '../test/util/postgres-cluster.js';
import { openStudy } from '../src/study/study.js';
import { toldOf } from '../src/study/told.js';
import type { TrialRecord } from '../src/study/types.js';

const space = new Nb201Space();
const config = { space: 'nb201', strategy: 'evolution', seed: 1 };

/** A made-up accuracy from the key, so the bench needs no decode or training. */
function fakeAccuracy(key: string): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return 0.5 + ((h >>> 0) % 4000) / 10000;
}

/** Runs `trials` ask/store/tell rounds; returns the seconds spent (storage null = ask and tell only). */
async function loop(storage: Storage | null, trials: number): Promise<number> {
  const strategy = new Evolution(space, { seed: 1 });
  const id = storage ? (await openStudy(storage, 'bench', config)).id : 0;
  const t0 = performance.now();
  for (let i = 0; i < trials; i++) {
    const [p] = strategy.ask(1);
    if (!p) break;
    const key = space.key(p.genome);
    const genome = space.toJSON(p.genome);
    const accuracy = fakeAccuracy(key);
    const rec: TrialRecord = { trial: p.trial, state: 'complete', genome, key, hash: key, parents: p.parents, accuracy, curve: [accuracy], violation: 0, limits: [], params: 0, macs: 0, seconds: 0 };
    if (storage) {
      await storage.addProposal(id, { trial: p.trial, genome, key, parents: p.parents });
      await storage.finishTrial(id, p.trial, rec);
    }
    strategy.tell([toldOf(p, rec)]);
  }
  return (performance.now() - t0) / 1000;
}

/** Opens a stored 10,000-trial study and replays it into a fresh strategy; returns [open+load ms, replay ms, trials]. */
async function reopen(open: () => Promise<Storage> | Storage): Promise<[number, number, number]> {
  const t0 = performance.now();
  const reader = await open();
  const opened = await openStudy(reader, 'bench', config);
  const t1 = performance.now();
  const prior = replayStudy(new Evolution(space, { seed: 1 }), space, opened.rows);
  const t2 = performance.now();
  await reader.close();
  return [t1 - t0, t2 - t1, prior.records.length];
}

/** The queue's own cost per trial: enqueue, claim, finish and collect, with no evaluation, in one process. */
async function queueRoundTrip(storage: QueueStorage, trials: number): Promise<number> {
  const id = await storage.createStudy({ name: 'queue', config: {} });
  const t0 = performance.now();
  for (let t = 0; t < trials; t++) {
    await storage.enqueue(id, { trial: t, genome: [t], key: `k${t}`, parents: [] });
    const row = await storage.claimPending(id, 'w', 60_000);
    await storage.finishTrial(id, t, { trial: t, state: 'complete', genome: [t], key: `k${t}`, hash: `k${t}`, parents: [], accuracy: 0.5, curve: [], violation: 0, limits: [], params: 0, macs: 0, seconds: 0 });
    if (!row || (await storage.trials(id, { fromTrial: t })).length !== 1) throw new Error('queue round trip lost a trial');
  }
  return (performance.now() - t0) / 1000;
}

const dir = mkdtempSync(join(tmpdir(), 'tinyevo-bench-study-'));
const missing = postgresMissing();
const cluster = missing ? null : await startPostgres();
try {
  const n = 5000;
  const base = await loop(null, n);
  const mem = await loop(new MemoryStorage(), n);
  const sqlite = new SqliteStorage(join(dir, 'overhead.db'));
  const sql = await loop(sqlite, n);
  const sqlQueue = await queueRoundTrip(sqlite, 2000);
  sqlite.close();
  const pgUrl = cluster?.database('overhead');
  const pgStore = pgUrl ? await PostgresStorage.open(pgUrl) : null;
  const pg = pgStore ? await loop(pgStore, n) : null;
  const pgQueue = pgStore ? await queueRoundTrip(pgStore, 2000) : null;
  await pgStore?.close();
  const us = (s: number) => ((s / n) * 1e6).toFixed(1);
  console.log(`| storage | ask+store+tell µs/trial | store only µs/trial | queue round trip µs/trial |\n|---|---|---|---|`);
  console.log(`| none (ask+tell) | ${us(base)} | 0 | - |\n| memory | ${us(mem)} | ${us(mem - base)} | - |\n| sqlite (WAL) | ${us(sql)} | ${us(sql - base)} | ${((sqlQueue / 2000) * 1e6).toFixed(1)} |`);
  console.log(pg !== null && pgQueue !== null ? `| postgresql (local cluster, loopback TCP) | ${us(pg)} | ${us(pg - base)} | ${((pgQueue / 2000) * 1e6).toFixed(1)} |` : `| postgresql | skipped: ${missing} | | |`);

  const big = join(dir, 'replay.db');
  const writer = new SqliteStorage(big);
  await loop(writer, 10_000);
  writer.close();
  const [open, replay, count] = await reopen(() => new SqliteStorage(big));
  console.log(`\nsqlite: open + load ${count} trials: ${open.toFixed(0)} ms; replay ${count} asks and tells: ${replay.toFixed(0)} ms; total ${(open + replay).toFixed(0)} ms`);
  if (cluster) {
    const url = cluster.database('replay');
    const w = await PostgresStorage.open(url);
    await loop(w, 10_000);
    await w.close();
    const [pOpen, pReplay, pCount] = await reopen(() => PostgresStorage.open(url));
    console.log(`postgresql: open + load ${pCount} trials: ${pOpen.toFixed(0)} ms; replay ${pCount} asks and tells: ${pReplay.toFixed(0)} ms; total ${(pOpen + pReplay).toFixed(0)} ms`);
  }
} finally {
  cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
}
