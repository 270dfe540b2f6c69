import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '../../errors.js';
import { Rng } from '../../util/rng.js';
import { stratifiedIndices, takeSamples, type Dataset } from '../dataset.js';
import { KWS, KWS_FRAMES, kwsFeatures } from './mfcc.js';
import { readWav } from './wav.js';

export interface KwsOptions {
  readonly validation: number;
  readonly test: number;
  readonly seed: number;
  /** Augmented copies of each training clip: shifted in time by up to `shiftMs` and mixed with background noise. */
  readonly augmentCopies: number;
  readonly shiftMs: number;
  /** Largest background-noise volume (a random share of it per copy). */
  readonly noiseVolume: number;
}

export const defaultKwsOptions: KwsOptions = { validation: 0.1, test: 0.1, seed: 20260101, augmentCopies: 0, shiftMs: 100, noiseVolume: 0.1 };

const NOISE_DIR = '_background_noise_';

function labelFolders(root: string): string[] {
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new DataError(`kws: ${root} must be a folder with one sub-folder of 16 kHz WAV files per label (the Speech Commands layout); it does not exist.`);
  const labels = readdirSync(root).filter((d) => d !== NOISE_DIR && !d.startsWith('.') && statSync(join(root, d)).isDirectory()).sort();
  if (labels.length < 2) throw new DataError(`kws: ${root} must hold at least 2 label folders; found ${labels.length} (${labels.join(', ') || 'none'}).`);
  return labels;
}

const wavsIn = (dir: string): string[] => readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.wav')).sort().map((f) => join(dir, f));

/** A clip shifted by `shift` samples (zeros fill in) with `volume` times a random stretch of a noise clip added. */
function augment(clip: Float32Array, noise: Float32Array | null, rng: Rng, o: KwsOptions): Float32Array {
  const maxShift = Math.round((o.shiftMs / 1000) * KWS.sampleRate);
  const shift = rng.int(-maxShift, maxShift);
  const out = new Float32Array(KWS.clipSamples);
  for (let i = 0; i < KWS.clipSamples; i++) {
    const j = i - shift;
    out[i] = j >= 0 && j < clip.length ? (clip[j] as number) : 0;
  }
  if (noise && noise.length >= KWS.clipSamples) {
    const start = rng.int(0, noise.length - KWS.clipSamples);
    const volume = rng.next() * o.noiseVolume;
    for (let i = 0; i < KWS.clipSamples; i++) out[i] = Math.max(-1, Math.min(1, (out[i] as number) + volume * (noise[start + i] as number)));
  }
  return out;
}

/**
 * A keyword-spotting dataset from a folder per label of 16 kHz mono 16-bit WAV files (Speech Commands layout; an
 * optional `_background_noise_` folder supplies noise for augmentation), turned into 49x10x1 MFCC maps by the MLPerf
 * Tiny front end. Splits are stratified and seeded; augmented copies go to the training split only.
 */
export function loadKwsFolder(root: string, options: Partial<KwsOptions> = {}): Dataset {
  const o = { ...defaultKwsOptions, ...options };
  const labels = labelFolders(root);
  const clips: Float32Array[] = [];
  const ys: number[] = [];
  labels.forEach((label, y) => {
    const files = wavsIn(join(root, label));
    if (files.length === 0) throw new DataError(`kws: label folder ${join(root, label)} has no .wav files.`);
    for (const f of files) { clips.push(readWav(f, KWS.sampleRate).samples); ys.push(y); }
  });
  const noises = existsSync(join(root, NOISE_DIR)) ? wavsIn(join(root, NOISE_DIR)).map((f) => readWav(f, KWS.sampleRate).samples) : [];
  const size = KWS_FRAMES * KWS.mfccs;
  const x = new Float32Array(clips.length * size);
  clips.forEach((c, i) => x.set(kwsFeatures(c), i * size));
  const y = Int32Array.from(ys);
  const idx = stratifiedIndices(y, labels.length, { validation: o.validation, test: o.test }, o.seed);
  const train = withAugmented(takeSamples(x, y, size, idx.train), idx.train.map((i) => clips[i] as Float32Array), noises, o);
  const split = { validation: takeSamples(x, y, size, idx.validation), test: takeSamples(x, y, size, idx.test) };
  return { name: `kws:${root}`, inputShape: [KWS_FRAMES, KWS.mfccs, 1], numClasses: labels.length, classNames: labels, train, validation: split.validation, test: split.test };
}

/** Appends `augmentCopies` augmented versions of every training clip (`clips[k]` is training sample k's audio). */
function withAugmented(train: Dataset['train'], clips: readonly Float32Array[], noises: Float32Array[], o: KwsOptions): Dataset['train'] {
  if (o.augmentCopies <= 0) return train;
  const size = KWS_FRAMES * KWS.mfccs;
  const rng = new Rng(o.seed + 1);
  const extraX: Float32Array[] = [];
  const extraY: number[] = [];
  clips.forEach((clip, k) => {
    for (let c = 0; c < o.augmentCopies; c++) {
      extraX.push(kwsFeatures(augment(clip, noises.length ? (noises[rng.int(0, noises.length - 1)] as Float32Array) : null, rng, o)));
      extraY.push(train.y[k] as number);
    }
  });
  const nx = new Float32Array((train.n + extraX.length) * size);
  nx.set(train.x);
  extraX.forEach((f, i) => nx.set(f, (train.n + i) * size));
  return { n: train.n + extraX.length, x: nx, y: Int32Array.from([...train.y, ...extraY]) };
}
