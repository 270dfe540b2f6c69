import type { Rng } from '../../util/rng.js';
import type { WeightSpec } from '../weights.js';

/** Initial values of a weight, drawn from `rng` in row-major order, so a seed fixes every weight on every backend. */
export function initialValues(spec: WeightSpec, rng: Rng): Float32Array {
  const n = spec.shape.reduce((p, d) => p * d, 1);
  const out = new Float32Array(n);
  switch (spec.init) {
    case 'zeros':
      return out;
    case 'ones':
      return out.fill(1);
    case 'heNormal': {
      const std = Math.sqrt(2 / spec.fanIn);
      // Truncated at 2 std like Keras' he_normal, so no single weight starts far out.
      for (let i = 0; i < n; i++) {
        let z = rng.normal();
        while (Math.abs(z) > 2) z = rng.normal();
        out[i] = z * std * 1.1368;
      }
      return out;
    }
    case 'glorotUniform': {
      const limit = Math.sqrt(6 / (spec.fanIn + spec.fanOut));
      for (let i = 0; i < n; i++) out[i] = (rng.next() * 2 - 1) * limit;
      return out;
    }
  }
}
