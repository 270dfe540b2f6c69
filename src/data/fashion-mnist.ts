import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '../errors.js';
import { stratifiedSplit, takeSamples, type Dataset } from './dataset.js';
import { readIdxPair } from './idx.js';

/** Where Debian's `dataset-fashion-mnist` package puts the files. */
export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

const CLASSES = ['t-shirt/top', 'trouser', 'pullover', 'dress', 'coat', 'sandal', 'shirt', 'sneaker', 'bag', 'ankle boot'];

/** The plain file if present, else the .gz one (Debian ships .gz; users often unpack). */
function firstExisting(dir: string, base: string): string {
  const plain = join(dir, base);
  return existsSync(plain) ? plain : `${plain}.gz`;
}

/**
 * An IDX image dataset in MNIST's layout (train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-...): the
 * test files are the test split; a stratified, seeded `validationFraction` of the training files is held out.
 * Throws DataError naming the missing or malformed file.
 */
export function loadIdxDataset(dir: string, name: string, classNames?: readonly string[], validationFraction = 0.1, seed = 20260101): Dataset {
  const train = readIdxPair(firstExisting(dir, 'train-images-idx3-ubyte'), firstExisting(dir, 'train-labels-idx1-ubyte'));
  const test = readIdxPair(firstExisting(dir, 't10k-images-idx3-ubyte'), firstExisting(dir, 't10k-labels-idx1-ubyte'));
  if (train.h !== test.h || train.w !== test.w) throw new DataError(`${name}: train and test images must have one size; got ${train.h}x${train.w} and ${test.h}x${test.w}.`);
  const numClasses = Math.max(...train.y, ...test.y) + 1;
  const size = train.h * train.w;
  const split = stratifiedSplit(train.x, train.y, size, numClasses, { validation: validationFraction, test: 0 }, seed);
  return {
    name, inputShape: [train.h, train.w, 1], numClasses,
    classNames: classNames ?? Array.from({ length: numClasses }, (_, i) => String(i)),
    train: split.train, validation: split.validation,
    test: takeSamples(test.x, test.y, size, Array.from({ length: test.y.length }, (_, i) => i)),
  };
}

/** Fashion-MNIST (Xiao et al. 2017) from Debian's package: 60,000 training and 10,000 test 28x28 greyscale images. */
export function loadFashionMnist(dir = FASHION_MNIST_DIR): Dataset {
  return loadIdxDataset(dir, 'fashion-mnist', CLASSES);
}
