export type { QuantModel, QTensor, QOp, QOpKind, QuantParams, FusedActivation } from './types.js';
export { QuantizeError } from './errors.js';
export { quantizeGraph, quantizableKinds, type PtqOptions, type QuantizedGraph } from './ptq.js';
export { activationParams, type CalibrationMethod, type CalibrationOptions } from './calibrate.js';
export { runQuantModel, interpretedOps, type TensorValue } from './interpreter/index.js';
export { int8Accuracy, quantizeValues, inputParams, argmax } from './evaluate.js';
export { quantizeMultiplier, multiplyByQuantizedMultiplier } from './fixed-point.js';
