import type { Split } from '../../src/data/dataset.js';
import { Rng } from '../../src/util/rng.js';

/** Three classes of 16x16 grey images, told apart by which third of the image is bright, under noise: a tiny real task. */
export function thirds(n: number, seed: number): Split {
  const rng = new Rng(seed);
  const x = new Float32Array(n * 256);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = rng.int(0, 2);
    y[i] = c;
    for (let p = 0; p < 256; p++) x[i * 256 + p] = (Math.floor((p % 16) / 6) === c ? 1 : 0) + (rng.next() - 0.5) * 0.8;
  }
  return { n, x, y };
}
