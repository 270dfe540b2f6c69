import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TrialRecord } from '../study/types.js';

/**
 * Whether a trial can be exported from its study: its trained weights are stored beside the study database
 * (`artifacts/<study>/<trial>.weights`) and match the SHA-256 its record keeps. `tinyevo study export NAME --best`
 * (or `--pareto`) then quantizes it and writes its .tflite and C. Reads the file; never writes.
 */
export function exportStatusOf(r: TrialRecord, artifactsDir: string): string {
  if (!r.weights) return 'no weights stored';
  const path = join(artifactsDir, r.weights.file);
  if (!existsSync(path)) return 'weights file missing';
  const sha = createHash('sha256').update(readFileSync(path)).digest('hex');
  if (sha !== r.weights.sha256) return 'weights file corrupt';
  return `ready (weights ${(r.weights.bytes / 1024).toFixed(1)} KiB, checksum ok)`;
}
