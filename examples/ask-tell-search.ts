// A tiny regularised-evolution search over the chain space with ask/tell and a fast fake objective (no training):
// every candidate is checked against an nRF52840's limits first, like the real runner does, and only feasible ones
// are "trained". Same seed, same search. Run: npx tsc && node dist/examples/ask-tell-search.js [evaluations] [seed]
import { deviceCheck, spaceForData, strategyByName, totalMacs, type ArchGraph, type Told } from '../src/index.js';

const evaluations = Number(process.argv[2] ?? 80);
const seed = Number(process.argv[3] ?? 0);
const space = spaceForData('chain', [28, 28, 1], 10);
const strategy = strategyByName('rea', space, seed);
const limitsOf = deviceCheck('nrf52840', { sramBytes: 64 * 1024, flashBytes: 128 * 1024, macs: 2_000_000 }, 'tflm-cmsis');

/** Stands in for training: more MACs score higher, with diminishing returns. */
const fakeAccuracy = (g: ArchGraph): number => Math.min(0.99, 0.5 + 0.04 * Math.log1p(totalMacs(g) / 1e4));

const trained: { trial: number; accuracy: number; macs: number }[] = [];
let rejected = 0;
for (let done = 0; done < evaluations;) {
  const told: Told<unknown>[] = strategy.ask(4).map((proposal) => {
    const graph = space.decode(proposal.genome);
    const { violation } = limitsOf(graph);
    if (violation > 0) {
      rejected++;
      return { proposal, objectives: [0], violation };
    }
    const accuracy = fakeAccuracy(graph);
    trained.push({ trial: proposal.trial, accuracy, macs: totalMacs(graph) });
    return { proposal, objectives: [accuracy], violation: 0 };
  });
  strategy.tell(told);
  done += told.length;
}
const best = trained.reduce<(typeof trained)[number] | null>((top, t) => (!top || t.accuracy > top.accuracy ? t : top), null);
console.log(`evaluated ${evaluations} candidates, ${rejected} rejected by the limits before "training"`);
console.log(best ? `best: trial ${best.trial}, fake accuracy ${(best.accuracy * 100).toFixed(2)}%, ${best.macs} MACs` : 'best: none feasible');
