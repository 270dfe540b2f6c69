import type { Command } from 'commander';
import { summary, totalMacs, totalParams } from '../../arch/graph.js';
import { zoo } from '../../arch/zoo/index.js';
import { ConfigError } from '../../errors.js';
import { runAction } from '../args.js';

/** `tinyevo models` and `tinyevo summary <model>`: the built-in reference models. */
export function register(cli: Command): void {
  cli.command('models')
    .description('list the built-in reference models with their parameters and MACs')
    .option('--json', 'print one JSON document on stdout')
    .action((o: { json?: boolean }) => runAction(o.json, (out) => {
      const rows = Object.entries(zoo).map(([name, make]) => { const g = make(); return { name, inputShape: g.inputShape, params: totalParams(g), macs: totalMacs(g), nodes: g.nodes.length }; });
      out.result({ models: rows }, () => rows.map((r) => `${r.name.padEnd(18)} input [${r.inputShape.join(',')}]  params ${r.params}  macs ${r.macs}`).join('\n'));
    }));
  cli.command('summary <model>')
    .description('print the layer table of a built-in model')
    .option('--json', 'print one JSON document on stdout')
    .action((name: string, o: { json?: boolean }) => runAction(o.json, (out) => {
      const make = zoo[name];
      if (!make) throw new ConfigError(`summary: model must be one of ${Object.keys(zoo).join(', ')}; got ${JSON.stringify(name)}.`);
      const g = make();
      out.result({ name, graph: g, params: totalParams(g), macs: totalMacs(g) }, () => summary(g));
    }));
}
