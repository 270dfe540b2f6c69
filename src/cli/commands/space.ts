import type { Command } from 'commander';
import { summary, totalMacs, totalParams } from '../../arch/graph.js';
import { canonicalHash } from '../../arch/hash.js';
import { graphToJSON } from '../../arch/json.js';
import { zoo } from '../../arch/zoo/index.js';
import { spaceByName, spaceCatalog } from '../../space/index.js';
import { Rng } from '../../util/rng.js';
import { intArg, runAction } from '../args.js';

/** `tinyevo space list | sample <space> | known`: the search spaces and the known models. */
export function register(cli: Command): void {
  const space = cli.command('space').description('search spaces: list them, sample a network, list known models');
  space.command('list')
    .description('list the search spaces')
    .option('--json', 'print one JSON document on stdout')
    .action((o: { json?: boolean }) => runAction(o.json, (out) => {
      const rows = Object.entries(spaceCatalog).map(([name, s]) => ({ name, description: s.describe, fixedLength: !!s.make().decisions }));
      out.result({ spaces: rows }, () => rows.map((r) => `${r.name.padEnd(10)} ${r.description}`).join('\n'));
    }));
  space.command('sample <space>')
    .description('sample one network from a space and print its summary (--json: its genome and ArchGraph)')
    .option('--seed <n>', 'seed of the sample', intArg('--seed', 0), 0)
    .option('--json', 'print one JSON document on stdout')
    .action((name: string, o: { seed: number; json?: boolean }) => runAction(o.json, (out) => {
      const s = spaceByName(name);
      const genome = s.sample(new Rng(o.seed));
      const graph = s.decode(genome);
      out.result({ space: name, seed: o.seed, genome: s.toJSON(genome), key: s.key(genome), hash: canonicalHash(graph), params: totalParams(graph), macs: totalMacs(graph), graph: graphToJSON(graph) },
        () => `space ${name}, seed ${o.seed}\ngenome ${JSON.stringify(s.toJSON(genome))}\n${summary(graph)}`);
    }));
  space.command('known')
    .description('list the known models by name (accepted wherever a model file is)')
    .option('--json', 'print one JSON document on stdout')
    .action((o: { json?: boolean }) => runAction(o.json, (out) => {
      const rows = Object.entries(zoo).map(([name, make]) => { const g = make(); return { name, inputShape: g.inputShape, params: totalParams(g), macs: totalMacs(g) }; });
      out.result({ models: rows }, () => rows.map((r) => `${r.name.padEnd(18)} input [${r.inputShape.join(',')}]  params ${r.params}  macs ${r.macs}`).join('\n'));
    }));
}
