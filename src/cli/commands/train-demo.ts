import type { Command } from 'commander';
import { intArg, numArg, runAction } from '../args.js';
import { trainDemo } from '../train-demo.js';

/** `tinyevo train-demo`: train the demo CNN on the bundled MNIST digits. */
export function register(cli: Command): void {
  cli.command('train-demo')
    .description('train a small CNN on the bundled MNIST digits and print test accuracy')
    .option('--engine <name>', 'auto | native | wasm | cpu | tensorflow (auto: native oneDNN when built, else wasm)')
    .option('--threads <n>', 'threads of the native engine (default: every core)', intArg('--threads', 1))
    .option('--backend <name>', 'former name of --engine')
    .option('--epochs <n>', 'training epochs', intArg('--epochs', 1), 8)
    .option('--batch-size <n>', 'batch size', intArg('--batch-size', 1), 64)
    .option('--learning-rate <x>', 'peak learning rate (Adam, cosine decay)', numArg('--learning-rate'), 0.003)
    .option('--seed <n>', 'seed for weights and shuffling', intArg('--seed', 0), 1)
    .option('--json', 'print one JSON document on stdout')
    .action((o: { engine?: string; backend?: string; threads?: number; epochs: number; batchSize: number; learningRate: number; seed: number; json?: boolean }) =>
      runAction(o.json, (out) => trainDemo({ ...o, engine: o.engine ?? o.backend ?? 'auto' }, out)));
}
