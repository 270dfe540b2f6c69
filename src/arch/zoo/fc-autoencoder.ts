import { GraphBuilder } from '../builder.js';
import type { ArchGraph } from '../types.js';

/**
 * MLPerf Tiny anomaly-detection FC autoencoder (DCASE 2020 baseline): 640 -> 4 x (dense 128, BN, ReLU) -> dense 8,
 * BN, ReLU -> 4 x (dense 128, BN, ReLU) -> dense 640. Its output reconstructs its input.
 */
export function fcAutoencoder(options: { inputUnits?: number; hidden?: number; bottleneck?: number } = {}): ArchGraph {
  const inputUnits = options.inputUnits ?? 640;
  const hidden = options.hidden ?? 128;
  const b = new GraphBuilder([inputUnits]);
  let x = b.input;
  const widths = [hidden, hidden, hidden, hidden, options.bottleneck ?? 8, hidden, hidden, hidden, hidden];
  widths.forEach((w, i) => {
    const d = b.dense(x, w, { id: `fc${i + 1}` });
    x = b.activation(b.batchNorm(d, { id: `fc${i + 1}.bn` }), 'relu', `fc${i + 1}.relu`);
  });
  b.dense(x, inputUnits, { id: 'out' });
  return b.build();
}
