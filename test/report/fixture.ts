import { canonicalHash } from '../../src/arch/hash.js';
import { totalMacs, totalParams } from '../../src/arch/graph.js';
import { spaceForData } from '../../src/space/index.js';
import { deviceCheck } from '../../src/study/device-check.js';
import { SqliteStorage } from '../../src/study/storage/sqlite.js';
import type { TrialRecord } from '../../src/study/types.js';
import { Rng } from '../../src/util/rng.js';

/** The config a fixture study is stored with: the chain space on MNIST, nrf52840, tight SRAM so some trials fail it. */
export const fixtureConfig = {
  dataset: 'mnist', space: 'chain', strategy: 'random', seed: 7, device: 'nrf52840', runtime: 'tflm-cmsis',
  limits: { sramBytes: 48 * 1024, flashBytes: 128 * 1024 },
} as const;

/**
 * The record of fixture trial `trial`: a seeded chain-space sample costed by the real device check, with a fake
 * accuracy rising with log MACs; infeasible ones count as trained every third time. `curve` makes its learning curve.
 */
export function fixtureRecord(trial: number, rng: Rng, space: ReturnType<typeof spaceForData>, check: ReturnType<typeof deviceCheck>, curve: (accuracy: number) => number[] = (a) => [a]): TrialRecord {
  const genome = space.sample(rng);
  const graph = space.decode(genome);
  const c = check(graph);
  const macs = totalMacs(graph);
  const accuracy = Math.min(0.99, 0.5 + 0.04 * Math.log(1 + macs / 1e4) + 0.02 * rng.next());
  const trained = c.violation === 0 || trial % 3 === 0;
  return {
    trial, state: trained ? 'complete' : 'infeasible', genome: space.toJSON(genome), key: space.key(genome), hash: canonicalHash(graph), parents: [],
    accuracy: trained ? accuracy : null, curve: trained ? curve(accuracy) : [], violation: c.violation, limits: c.limits, params: totalParams(graph), macs, seconds: 0.1,
  };
}

/**
 * Writes study `name` to the SQLite file `path`: `n` chain-space samples (seeded), each costed by the real device
 * check, with a fake accuracy rising with log MACs so the front is non-trivial; infeasible ones are stored as
 * trained (state complete, violation > 0) every third time, so the plots have grey points.
 */
export async function writeFixtureStudy(path: string, name: string, n: number, seed = 7): Promise<TrialRecord[]> {
  const storage = new SqliteStorage(path);
  const space = spaceForData('chain', [28, 28, 1], 10);
  const check = deviceCheck(fixtureConfig.device, fixtureConfig.limits, fixtureConfig.runtime);
  const rng = new Rng(seed);
  const records: TrialRecord[] = [];
  try {
    const id = await storage.createStudy({ name, config: fixtureConfig });
    for (let trial = 0; trial < n; trial++) {
      const r = fixtureRecord(trial, rng, space, check);
      await storage.addProposal(id, { trial, genome: r.genome, key: r.key, parents: [] });
      await storage.finishTrial(id, trial, r);
      records.push(r);
    }
    return records;
  } finally {
    storage.close();
  }
}
