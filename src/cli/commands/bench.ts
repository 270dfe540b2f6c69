import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { PROTOCOLS, runHarness, type Protocol } from '../../benchmarks/nb201/harness.js';
import { loadNb201Table, TABLE_DATASETS, type TableDataset } from '../../benchmarks/nb201/table.js';
import { ConfigError } from '../../errors.js';
import { intArg, numArg, runAction } from '../args.js';
import { startProgress } from '../progress.js';

interface Nb201Flags { strategy: string; dataset: string; protocol: string; objectives?: string; budgetS?: number; runs: number; seed: number; data: string; out?: string; json?: boolean }

function oneOf<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new ConfigError(`bench nb201: ${flag} must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)}.`);
  return value as T;
}

/** `tinyevo bench nb201`: simulated searches on the NAS-Bench-201 table. */
export function register(cli: Command): void {
  const bench = cli.command('bench').description('benchmarks of the search strategies on tabular NAS benchmarks');
  bench.command('nb201')
    .description('run a strategy many times on NAS-Bench-201 (simulated time) and report the chosen cells\' 200-epoch accuracies')
    .option('--strategy <name>', 'random | rea | rea-dedup | rea-woo-iso | mcunet-ea | unas | reinforce | reinforce-0.5 | nsga2 | scalarised', 'rea')
    .option('--dataset <name>', 'cifar10 | cifar100 | imagenet16-120 (the search dataset under --protocol nats)', 'cifar10')
    .option('--protocol <name>', 'nb201 (search CIFAR-10, 12,000 s) | nats (per dataset, 20,000/40,000/120,000 s)', 'nb201')
    .option('--objectives <list>', 'multi-objective run by evaluations, scored by hypervolume at 100/300/1,000: accuracy,flops | accuracy,latency:raspi4 | accuracy,latency:pixel3')
    .option('--budget-s <s>', 'simulated seconds (default: the protocol\'s)', numArg('--budget-s'))
    .option('--runs <n>', 'number of runs (seeds seed..seed+runs-1)', intArg('--runs', 1), 500)
    .option('--seed <n>', 'first seed', intArg('--seed', 0), 0)
    .option('--data <dir>', 'folder with nb201.csv and nb201_hw_latency.csv', '../shared/benchmarks/nb201')
    .option('--out <file>', 'also write the JSON result to this file')
    .option('--json', 'print one JSON document on stdout')
    .action((o: Nb201Flags) => runAction(o.json, (out) => {
      const dataset = oneOf('--dataset', o.dataset, Object.keys(TABLE_DATASETS) as TableDataset[]);
      const protocol = oneOf('--protocol', o.protocol, Object.keys(PROTOCOLS) as Protocol[]);
      const table = loadNb201Table(o.data);
      const bar = startProgress(`nb201 ${o.strategy}`, o.runs);
      const t0 = performance.now();
      const result = runHarness(table, { strategy: o.strategy, dataset, protocol, budgetS: o.budgetS, runs: o.runs, seed: o.seed, objectives: o.objectives, dataDir: o.data }, (d) => bar.update(d));
      bar.stop();
      const doc = { strategy: o.strategy, dataset, protocol, runs: result.runs, summary: result.summary, wallSeconds: (performance.now() - t0) / 1000 };
      if (o.out) writeFileSync(o.out, `${JSON.stringify(doc, null, 2)}\n`);
      const meanQueries = result.runs.reduce((a, r) => a + r.queries, 0) / result.runs.length;
      out.result(doc, () => [`${o.strategy} on NAS-Bench-201 (${protocol} protocol), ${o.runs} runs, ${meanQueries.toFixed(1)} queries per run`,
        ...Object.entries(result.summary).map(([c, s]) => `  ${c.padEnd(16)} ${s.mean.toFixed(2)} +- ${s.std.toFixed(2)}`)].join('\n'));
    }));
}
