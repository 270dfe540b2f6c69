import * as tf from '@tensorflow/tfjs-core';
import type { LayerImpl } from './types.js';

/** dense: matMul with the [in, units] kernel, plus bias. */
export const denseLayer: LayerImpl<'dense'> = {
  kind: 'dense',
  weights(node, inputs) {
    const inUnits = (inputs[0] as readonly number[])[0] as number;
    const units = node.attrs.units;
    return [
      { role: 'kernel', shape: [inUnits, units], init: 'glorotUniform', trainable: true, fanIn: inUnits, fanOut: units },
      ...(node.attrs.useBias ? [{ role: 'bias' as const, shape: [units], init: 'zeros' as const, trainable: true, fanIn: inUnits, fanOut: units }] : []),
    ];
  },
  apply(_node, inputs, w) {
    const y = tf.matMul(inputs[0] as tf.Tensor2D, w.kernel as tf.Tensor2D);
    return w.bias ? tf.add(y, w.bias) : y;
  },
};
