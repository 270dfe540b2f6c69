import { ShapeError } from '../../errors.js';
import type { ActivationFn, OpDef } from '../types.js';

/** The activation functions the IR knows. */
export const activationFns: readonly ActivationFn[] = ['relu', 'relu6', 'hardSwish', 'sigmoid', 'softmax'];

/** Elementwise activation (softmax: over the last axis). No parameters; counted as zero MACs. */
export const activation: OpDef<'activation'> = {
  kind: 'activation',
  arity: { min: 1, max: 1 },
  inferShape(inputs, a, where) {
    if (!activationFns.includes(a.fn)) {
      throw new ShapeError(`${where}: fn must be one of ${activationFns.join(', ')}; got ${JSON.stringify(a.fn)}.`);
    }
    return inputs[0] as readonly number[];
  },
  params: () => 0,
  macs: () => 0,
};
