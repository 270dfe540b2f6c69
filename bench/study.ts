/**
 * Study storage overhead per trial (ask + store + tell) on memory and SQLite, and the time to open and replay a
 * stored study of 10,000 trials. Usage: npm run bench:study
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Evolution } from '../src/search/evolution.js';
import { Nb201Space } from '../src/space/nb201/index.js';
import { replayStudy } from '../src/study/replay.js';
import { MemoryStorage } from '../src/study/storage/memory.js';
import { SqliteStorage } from '../src/study/storage/sqlite.js';
import type { Storage } from '../src/study/storage/types.js';
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

const dir = mkdtempSync(join(tmpdir(), 'tinyevo-bench-study-'));
try {
  const n = 5000;
  const base = await loop(null, n);
  const mem = await loop(new MemoryStorage(), n);
  const sqlite = new SqliteStorage(join(dir, 'overhead.db'));
  const sql = await loop(sqlite, n);
  sqlite.close();
  const us = (s: number) => ((s / n) * 1e6).toFixed(1);
  console.log(`| storage | ask+store+tell µs/trial | store only µs/trial |\n|---|---|---|`);
  console.log(`| none (ask+tell) | ${us(base)} | 0 |\n| memory | ${us(mem)} | ${us(mem - base)} |\n| sqlite (WAL) | ${us(sql)} | ${us(sql - base)} |`);

  const big = join(dir, 'replay.db');
  const writer = new SqliteStorage(big);
  await loop(writer, 10_000);
  writer.close();
  const t0 = performance.now();
  const reader = new SqliteStorage(big);
  const opened = await openStudy(reader, 'bench', config);
  const t1 = performance.now();
  const prior = replayStudy(new Evolution(space, { seed: 1 }), space, opened.rows);
  const t2 = performance.now();
  reader.close();
  console.log(`\nopen + load ${opened.rows.length} trials: ${(t1 - t0).toFixed(0)} ms; replay ${prior.records.length} asks and tells: ${(t2 - t1).toFixed(0)} ms; total ${(t2 - t0).toFixed(0)} ms`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
