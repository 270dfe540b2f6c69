import type { Dataset } from '../data/dataset.js';
import { loadFashionMnist } from '../data/fashion-mnist.js';
import { loadBundledMnist } from '../data/mnist.js';
import { ConfigError } from '../errors.js';

/** The datasets a command can name. */
export const datasetNames = ['mnist', 'fashion-mnist'] as const;

/** Loads a dataset by its name; throws ConfigError naming the allowed names. */
export function loadDatasetByName(name: string): Dataset {
  if (name === 'mnist') return loadBundledMnist();
  if (name === 'fashion-mnist') return loadFashionMnist();
  throw new ConfigError(`dataset must be one of ${datasetNames.join(', ')}; got '${name}'.`);
}
