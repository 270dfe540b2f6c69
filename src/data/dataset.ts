import { DataError } from '../errors.js';
import { Rng } from '../util/rng.js';

/** One split of a classification dataset: `n` samples, row-major float features and integer labels. */
export interface Split {
  readonly n: number;
  /** Features, n * prod(inputShape) values, sample-major, channels last. */
  readonly x: Float32Array;
  /** Labels in [0, numClasses). */
  readonly y: Int32Array;
}

/** A classification dataset with deterministic train, validation and test splits. */
export interface Dataset {
  readonly name: string;
  /** Shape of one sample, channels last (H, W, C). */
  readonly inputShape: readonly number[];
  readonly numClasses: number;
  readonly classNames: readonly string[];
  readonly train: Split;
  readonly validation: Split;
  readonly test: Split;
}

/** Fractions of the data held out; the rest is training data. */
export interface SplitFractions { readonly validation: number; readonly test: number }

/** Copies the samples at `indices` of a flat feature array into a new split. */
export function takeSamples(x: Float32Array, y: Int32Array, sampleSize: number, indices: ArrayLike<number>): Split {
  const n = indices.length;
  const ox = new Float32Array(n * sampleSize);
  const oy = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const j = indices[i] as number;
    ox.set(x.subarray(j * sampleSize, (j + 1) * sampleSize), i * sampleSize);
    oy[i] = y[j] as number;
  }
  return { n, x: ox, y: oy };
}

/**
 * The sample indices of a stratified, seeded train/validation/test split: every class contributes the same
 * fractions, so small datasets keep their class balance; each part is shuffled. Throws DataError for fractions
 * outside [0, 1) or summing >= 1.
 */
export function stratifiedIndices(y: Int32Array, numClasses: number, fractions: SplitFractions, seed: number): { train: number[]; validation: number[]; test: number[] } {
  const { validation, test } = fractions;
  if (!(validation >= 0 && test >= 0 && validation + test < 1)) {
    throw new DataError(`split: validation and test fractions must be >= 0 and sum to < 1; got validation=${validation}, test=${test}.`);
  }
  const rng = new Rng(seed);
  const parts: [number[], number[], number[]] = [[], [], []];
  for (let c = 0; c < numClasses; c++) {
    const members: number[] = [];
    for (let i = 0; i < y.length; i++) if (y[i] === c) members.push(i);
    const perm = rng.permutation(members.length);
    const nTest = Math.round(members.length * test);
    const nVal = Math.round(members.length * validation);
    perm.forEach((p, k) => parts[k < nTest ? 2 : k < nTest + nVal ? 1 : 0].push(members[p] as number));
  }
  const [train, val, tst] = parts.map((idx) => { const p = rng.permutation(idx.length); return Array.from(p, (k) => idx[k] as number); }) as [number[], number[], number[]];
  return { train, validation: val, test: tst };
}

/** Splits samples into train/validation/test by `stratifiedIndices`. */
export function stratifiedSplit(x: Float32Array, y: Int32Array, sampleSize: number, numClasses: number, fractions: SplitFractions, seed: number): { train: Split; validation: Split; test: Split } {
  const idx = stratifiedIndices(y, numClasses, fractions, seed);
  return { train: takeSamples(x, y, sampleSize, idx.train), validation: takeSamples(x, y, sampleSize, idx.validation), test: takeSamples(x, y, sampleSize, idx.test) };
}

/** Keeps the first `count` samples of a split (for quick runs and tests). */
export function headOf(split: Split, sampleSize: number, count: number): Split {
  const n = Math.min(split.n, Math.max(0, Math.floor(count)));
  return { n, x: split.x.slice(0, n * sampleSize), y: split.y.slice(0, n) };
}
