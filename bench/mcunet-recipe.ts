/**
 * MCUNet's recipe against plain evolution (issue 11), on Fashion-MNIST with the MCUNet space at 28x28x1, under the
 * same device limits (64 KiB SRAM, 256 KiB flash on an nRF52840, TFLite Micro + CMSIS-NN) and the same wall-clock
 * budget, run side by side (one engine thread each, so they share the machine alike):
 *  - recipe: `--strategy mcunet-oneshot`: a weight-sharing supernet trained first (its time counts against the
 *    budget), then MCUNet's evolution (population 100, top 20 as parents) on inherited accuracy;
 *  - plain: `--strategy rea-dedup` (tinyevo's default evolution), each candidate trained at low fidelity (1 epoch on
 *    a quarter of the training split).
 * Both winners are then retrained from scratch for the same epochs on the whole training split and tested.
 * Usage: npm run bench:mcunet-recipe  (env: BENCH_BUDGET_S default 900, BENCH_FINAL_EPOCHS default 10,
 * BENCH_WIDTH default 0.1, BENCH_SUPERNET_EPOCHS default 6, BENCH_SEED default 0)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const budget = Number(process.env.BENCH_BUDGET_S ?? 900);
const finalEpochs = Number(process.env.BENCH_FINAL_EPOCHS ?? 10);
// 0.1: under 256 KiB of flash (TFLite Micro's code included) 80% of this width's networks fit, none at 0.2 or above.
const width = Number(process.env.BENCH_WIDTH ?? 0.1);
const supernetEpochs = Number(process.env.BENCH_SUPERNET_EPOCHS ?? 6);
const seed = Number(process.env.BENCH_SEED ?? 0);
const bin = fileURLToPath(new URL('../../bin/tinyevo.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tinyevo-mcunet-recipe-'));

const common = {
  dataset: 'fashion-mnist', space: 'mcunet', spaceWidth: width, init: 'random', device: 'nrf52840', runtime: 'tflm-cmsis', seed,
  limits: { sramBytes: 64 * 1024, flashBytes: 256 * 1024 }, budgetSeconds: budget, finalEpochs, maxEvaluations: 100_000, maxRejections: 100_000,
};
const runs = {
  recipe: { ...common, strategy: 'mcunet-oneshot', oneShot: { epochs: supernetEpochs, trainFraction: 0.25, randomPerStep: 2, calibrationBatches: 4, validationSamples: 2000 } },
  plain: { ...common, strategy: 'rea-dedup', fidelity: { epochs: 1, trainFraction: 0.25, batchSize: 64 } },
};

interface Summary {
  searchSeconds: number; supernetSeconds?: number; trials: number; trained: number; rejected: number; engine: string;
  best: { trial: number; params: number; macs: number; searchValAccuracy: number; testAccuracy: number; limits: { name: string; value: number; limit: number }[] };
}

function search(name: string, config: object): Promise<{ summary: Summary; seconds: number }> {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(config));
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [bin, 'search', '--config', file, '--out', join(dir, name), '--json'], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TINYEVO_THREADS: '1' } });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    // Only whole progress lines of each run, prefixed, so the two runs' bars do not garble each other.
    p.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      const lines = err.split(/[\r\n]/);
      err = lines.pop() ?? '';
      for (const l of lines) if (l.trim() !== '' && !/^(search|supernet|final) \d/.test(l)) process.stderr.write(`[${name}] ${l}\n`);
    });
    p.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${name}: tinyevo search exited with ${code}: ${out}`));
      const summary = JSON.parse(out) as Summary & { error?: unknown };
      if (summary.error) return reject(new Error(`${name}: ${JSON.stringify(summary.error)}`));
      resolve({ summary, seconds: (performance.now() - t0) / 1000 });
    });
  });
}

const t0 = performance.now();
const [recipe, plain] = await Promise.all([search('recipe', runs.recipe), search('plain', runs.plain)]);
const fig = (s: Summary, n: string) => Math.round(s.best.limits.find((l) => l.name === n)?.value ?? NaN);
console.log(`Fashion-MNIST, mcunet space width ${width} at 28x28x1, nRF52840 (tflm-cmsis), SRAM <= 65,536 B, flash <= 262,144 B; budget ${budget} s each, side by side; winners retrained ${finalEpochs} epochs from scratch; engine ${recipe.summary.engine}; seed ${seed}`);
console.log('| run | search s | candidates scored | best: validation at search fidelity | test accuracy after retraining | peak SRAM B | flash B | MACs | whole run s |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const [name, r] of [[`MCUNet recipe (supernet ${supernetEpochs} epochs on 25%: ${r0(recipe.summary.supernetSeconds)} s, then evolution on inherited accuracy)`, recipe], ['plain evolution (rea-dedup, 1 epoch on 25% per candidate)', plain]] as const) {
  const s = r.summary;
  console.log(`| ${name} | ${s.searchSeconds.toFixed(0)} | ${s.trained} (${s.rejected} rejected by the limits) | ${(s.best.searchValAccuracy * 100).toFixed(2)} % | **${(s.best.testAccuracy * 100).toFixed(2)} %** | ${fig(s, 'sram')} | ${fig(s, 'flash')} | ${s.best.macs} | ${r.seconds.toFixed(0)} |`);
}
console.log(`\nwhole benchmark: ${((performance.now() - t0) / 1000).toFixed(0)} s; results in ${dir}`);

function r0(x: number | undefined): string {
  return x === undefined ? '?' : x.toFixed(0);
}
