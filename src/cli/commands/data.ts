import type { Command } from 'commander';
import { makeKws } from '../../data/audio/make-kws.js';
import { intArg, runAction } from '../args.js';
import { startProgress } from '../progress.js';

/** `tinyevo data make-kws`: build the synthetic keyword-spotting set. */
export function register(cli: Command): void {
  const data = cli.command('data').description('build datasets');
  data.command('make-kws')
    .description('speak the 10 MLPerf keywords, unknown words and silence with espeak-ng and sox: a 12-class 16 kHz keyword-spotting set in the Speech Commands layout')
    .requiredOption('--out <dir>', 'output folder (then search with --dataset kws:DIR)')
    .option('--per-word <n>', 'clips per class', intArg('--per-word', 1), 200)
    .option('--seed <n>', 'seed of voices, speeds, pitches, offsets and noise', intArg('--seed', 0), 1)
    .option('--json', 'print one JSON document on stdout')
    .action((o: { out: string; perWord: number; seed: number; json?: boolean }) => runAction(o.json, (out) => {
      const bar = startProgress('make-kws', 12 * o.perWord);
      const r = makeKws({ out: o.out, perWord: o.perWord, seed: o.seed, onProgress: (d) => bar.update(d) });
      bar.stop();
      out.result({ out: o.out, ...r }, () => `wrote ${r.clips} clips in ${r.classes.length} classes (${r.classes.join(', ')}) to ${o.out}; search with --dataset kws:${o.out}`);
    }));
}
