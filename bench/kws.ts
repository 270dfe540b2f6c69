/**
 * Synthetic keyword spotting (issue 7): builds the 12-class set with `tinyevo data make-kws`, searches it under the
 * flash size of MicroNet-KWS-S (114,512 B), then trains the MLPerf Tiny DS-CNN on the same data for the same number
 * of final epochs, and prints both models' test accuracy, peak SRAM and flash on the device (nRF52840, TFLite Micro
 * with CMSIS-NN). Usage: npm run bench:kws  (BENCH_PER_WORD default 150, BENCH_BUDGET_S default 600, BENCH_EPOCHS 10, BENCH_SPACE default chain, BENCH_MAX_SRAM default 262144)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dsCnn } from '../src/arch/zoo/ds-cnn.js';
import { loadDataset } from '../src/data/registry.js';
import { useEngine } from '../src/engine/engine.js';
import { check, findDevice } from '../src/hardware/index.js';

const perWord = Number(process.env.BENCH_PER_WORD ?? 150);
const budget = Number(process.env.BENCH_BUDGET_S ?? 600);
const epochs = Number(process.env.BENCH_EPOCHS ?? 10);
const space = process.env.BENCH_SPACE ?? 'chain';
const maxSram = Number(process.env.BENCH_MAX_SRAM ?? 256 * 1024);
const FLASH = 114_512;
const bin = fileURLToPath(new URL('../../bin/tinyevo.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tinyevo-kws-'));
const tinyevo = (...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error(`tinyevo ${args.join(' ')} failed`);
  return JSON.parse(r.stdout) as Record<string, unknown>;
};

tinyevo('data', 'make-kws', '--out', join(dir, 'data'), '--per-word', String(perWord), '--seed', '1', '--json');
const t0 = performance.now();
const s = tinyevo('search', '--dataset', `kws:${join(dir, 'data')}`, '--max-flash', String(FLASH), '--max-sram', String(maxSram), '--max-macs', '20000000',
  '--space', space, '--budget-s', String(budget), '--final-epochs', String(epochs), '--out', join(dir, 'run'), '--json') as { best: { testAccuracy: number; params: number; macs: number; limits: { name: string; value: number }[] }; trials: number; trained: number; engine: string };
const searchSeconds = (performance.now() - t0) / 1000;
const fig = (limits: { name: string; value: number }[], n: string) => Math.round(limits.find((l) => l.name === n)?.value ?? NaN);
console.log(`synthetic KWS: ${perWord} clips per class x 12 classes; engine ${s.engine}; ${space} space; search ${budget} s (+ final ${epochs} epochs), ${s.trials} candidates, ${s.trained} trained, ${searchSeconds.toFixed(0)} s in all`);
console.log('| model | test accuracy % | peak SRAM B | flash B | params | MACs |');
console.log('|---|---|---|---|---|---|');
console.log(`| tinyevo search, ${space} space (flash <= ${FLASH} B, SRAM <= ${maxSram} B) | ${(s.best.testAccuracy * 100).toFixed(2)} | ${fig(s.best.limits, 'sram')} | ${fig(s.best.limits, 'flash')} | ${s.best.params} | ${s.best.macs} |`);

const engine = await useEngine('auto');
const data = loadDataset(`kws:${join(dir, 'data')}`);
const graph = dsCnn({ classes: data.numClasses });
const model = engine.createModel(graph, 0);
model.fit({ train: data.train, validation: data.validation, numClasses: data.numClasses }, { epochs, batchSize: 64, learningRate: 0.003, seed: 0 });
const acc = model.evaluate(data.test).accuracy;
model.dispose();
const c = check(graph, findDevice('nrf52840'), {}, { runtime: 'tflm-cmsis' });
const v = (n: string) => Math.round(c.checks.find((l) => l.name === n)?.value ?? NaN);
console.log(`| MLPerf Tiny DS-CNN (64 filters), ${epochs} epochs | ${(acc * 100).toFixed(2)} | ${v('sram')} | ${v('flash')} | ${c.cost.params} | ${c.cost.macs} |`);
