import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { graphToJSON } from '../arch/json.js';
import type { ArchGraph } from '../arch/types.js';
import type { WeightTensor } from '../engine/weights.js';
import { writeWeightsFile } from '../engine/weights-file.js';
import type { TrialRecord } from './types.js';

/**
 * A results folder: config.json, trials.jsonl (one line per trial, appended and flushed before the strategy is told,
 * so a crash loses no finished trial), best/graph.json and best/weights.json, and summary.json.
 */
export class ResultsFolder {
  constructor(readonly dir: string) {
    mkdirSync(join(dir, 'best'), { recursive: true });
    writeFileSync(join(dir, 'trials.jsonl'), '');
  }

  writeConfig(config: unknown): void {
    writeFileSync(join(this.dir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
  }

  appendTrial(r: TrialRecord): void {
    appendFileSync(join(this.dir, 'trials.jsonl'), `${JSON.stringify(r)}\n`);
  }

  /** Writes the best model: its ArchGraph JSON and its weights in the shared layout (values as plain arrays). */
  writeBest(graph: ArchGraph, weights: readonly WeightTensor[]): void {
    writeFileSync(join(this.dir, 'best', 'graph.json'), `${JSON.stringify(graphToJSON(graph), null, 2)}\n`);
    writeWeightsFile(join(this.dir, 'best', 'weights.json'), weights);
  }

  writeSummary(summary: unknown): void {
    writeFileSync(join(this.dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  }
}
