import { Command, InvalidArgumentError } from 'commander';
import { summary, totalMacs, totalParams } from '../arch/graph.js';
import { zoo } from '../arch/zoo/index.js';
import { ConfigError } from '../errors.js';
import { makeOutput, reportError } from './output.js';
import { trainDemo } from './train-demo.js';

function intArg(name: string, min: number) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be an integer >= ${min}; got ${JSON.stringify(v)}.`);
    return n;
  };
}

function numArg(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a positive number; got ${JSON.stringify(v)}.`);
    return n;
  };
}

/** Runs `action` and turns any failure into a clean message and exit code. */
function run(json: boolean, action: () => Promise<void>): Promise<void> {
  return action().catch((e: unknown) => {
    process.exitCode = reportError(e, json);
  });
}

/** The tinyevo command line. */
export function program(): Command {
  const cli = new Command('tinyevo').description('Evolutionary neural architecture search for microcontrollers').showHelpAfterError();
  cli.command('train-demo')
    .description('train a small CNN on the bundled MNIST digits and print test accuracy')
    .option('--backend <name>', 'auto | wasm | cpu | tensorflow', 'auto')
    .option('--epochs <n>', 'training epochs', intArg('--epochs', 1), 8)
    .option('--batch-size <n>', 'batch size', intArg('--batch-size', 1), 64)
    .option('--learning-rate <x>', 'peak learning rate (Adam, cosine decay)', numArg('--learning-rate'), 0.003)
    .option('--seed <n>', 'seed for weights and shuffling', intArg('--seed', 0), 1)
    .option('--json', 'print one JSON document on stdout')
    .action((o: { backend: string; epochs: number; batchSize: number; learningRate: number; seed: number; json?: boolean }) =>
      run(!!o.json, () => trainDemo(o, makeOutput(!!o.json))));
  cli.command('models')
    .description('list the built-in reference models with their parameters and MACs')
    .option('--json', 'print one JSON document on stdout')
    .action((o: { json?: boolean }) => run(!!o.json, async () => {
      const rows = Object.entries(zoo).map(([name, make]) => { const g = make(); return { name, inputShape: g.inputShape, params: totalParams(g), macs: totalMacs(g), nodes: g.nodes.length }; });
      makeOutput(!!o.json).result({ models: rows }, () => rows.map((r) => `${r.name.padEnd(14)} input [${r.inputShape.join(',')}]  params ${r.params}  macs ${r.macs}`).join('\n'));
    }));
  cli.command('summary <model>')
    .description('print the layer table of a built-in model')
    .option('--json', 'print one JSON document on stdout')
    .action((name: string, o: { json?: boolean }) => run(!!o.json, async () => {
      const make = zoo[name];
      if (!make) throw new ConfigError(`summary: model must be one of ${Object.keys(zoo).join(', ')}; got ${JSON.stringify(name)}.`);
      const g = make();
      makeOutput(!!o.json).result({ name, graph: g, params: totalParams(g), macs: totalMacs(g) }, () => summary(g));
    }));
  return cli;
}

await program().parseAsync(process.argv);
