import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { WeightTensor } from '../engine/weights.js';
import { StudyError } from './errors.js';

/** The folder of a study's stored artifacts: `artifacts/<study>/` beside its database file. */
export const studyArtifactsDir = (storagePath: string, study: string): string =>
  // A PostgreSQL study keeps its files on each machine, under tinyevo-runs/ (point workers at a shared folder to share them).
  /^postgres(ql)?:\/\//i.test(storagePath) ? join('tinyevo-runs', 'artifacts', study) : join(dirname(storagePath.replace(/^sqlite:/i, '')), 'artifacts', study);

/** Where a trial's weights are stored: a file under the store's folder, its SHA-256 and size. */
export interface WeightsRef { readonly file: string; readonly sha256: string; readonly bytes: number }

interface Manifest { readonly name: string; readonly shape: readonly number[]; readonly offset: number; readonly length: number }

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/**
 * Trial weights as files addressed by study and trial: `<dir>/<trial>.weights` holds a JSON manifest line (names,
 * shapes, offsets) and the float32 values; the record keeps the file's SHA-256, checked on every read. Files are
 * written to a temporary name and renamed, so a crash leaves either the whole file or none.
 */
export class WeightStore {
  constructor(readonly dir: string) {}

  put(trial: number, weights: readonly WeightTensor[]): WeightsRef {
    mkdirSync(this.dir, { recursive: true });
    let offset = 0;
    const manifest: Manifest[] = weights.map((w) => { const m = { name: w.name, shape: w.shape, offset, length: w.values.length }; offset += w.values.length; return m; });
    const values = new Float32Array(offset);
    weights.forEach((w, i) => values.set(w.values, (manifest[i] as Manifest).offset));
    const head = Buffer.from(`${JSON.stringify(manifest)}\n`);
    const body = Buffer.concat([head, Buffer.from(values.buffer)]);
    const file = `${trial}.weights`;
    writeFileSync(join(this.dir, `${file}.tmp`), body);
    renameSync(join(this.dir, `${file}.tmp`), join(this.dir, file));
    return { file, sha256: sha256(body), bytes: body.length };
  }

  get(ref: WeightsRef): WeightTensor[] {
    const path = join(this.dir, ref.file);
    let body: Buffer;
    try {
      body = readFileSync(path);
    } catch (e) {
      throw new StudyError(`weights: ${path} must exist (the trial's stored weights); got ${(e as Error).message}.`);
    }
    if (sha256(body) !== ref.sha256) throw new StudyError(`weights: ${path} is corrupt: its SHA-256 is ${sha256(body).slice(0, 12)}..., the study recorded ${ref.sha256.slice(0, 12)}...`);
    const nl = body.indexOf(10);
    const manifest = JSON.parse(body.subarray(0, nl).toString('utf8')) as Manifest[];
    const values = new Float32Array(body.buffer.slice(body.byteOffset + nl + 1, body.byteOffset + body.length));
    return manifest.map((m) => ({ name: m.name, shape: m.shape, values: values.slice(m.offset, m.offset + m.length) }));
  }
}
