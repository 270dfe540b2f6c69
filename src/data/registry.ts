import { DataError } from '../errors.js';
import { loadKwsFolder } from './audio/speech-commands.js';
import { loadCifar10 } from './cifar10.js';
import type { Dataset } from './dataset.js';
import { loadFashionMnist, loadIdxDataset } from './fashion-mnist.js';
import { loadBundledMnist } from './mnist.js';

/** The dataset names a search or export accepts: built-ins, or a format with the folder it reads. */
export const datasetSpecs = ['mnist', 'fashion-mnist', 'cifar10:DIR', 'idx:DIR', 'kws:DIR'] as const;

/** Whether a dataset spec has a known form (the folder is checked only when loading). */
export const isDatasetSpec = (spec: string): boolean => spec === 'mnist' || spec === 'fashion-mnist' || /^(cifar10|idx|kws):.+/.test(spec);

/**
 * Loads a dataset by spec: `mnist` (bundled), `fashion-mnist` (Debian's package), `cifar10:DIR` (CIFAR-10 binary
 * batches), `idx:DIR` (MNIST-layout IDX files), `kws:DIR` (a folder per keyword of 16 kHz WAV files, MFCC front
 * end, one augmented copy of each training clip). Throws DataError naming the allowed forms.
 */
export function loadDataset(spec: string): Dataset {
  if (spec === 'mnist') return loadBundledMnist();
  if (spec === 'fashion-mnist') return loadFashionMnist();
  const m = /^(cifar10|idx|kws):(.+)$/.exec(spec);
  if (m?.[1] === 'kws') return loadKwsFolder(m[2] as string, { augmentCopies: 1 });
  if (m?.[1] === 'cifar10') return loadCifar10(m[2] as string);
  if (m?.[1] === 'idx') return loadIdxDataset(m[2] as string, `idx:${m[2]}`);
  throw new DataError(`dataset must be one of ${datasetSpecs.join(', ')}; got '${spec}'.`);
}
