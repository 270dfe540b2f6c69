import { TinyevoError } from '../errors.js';

/** Quantization or integer-interpretation failed: an op or tensor the int8 path cannot handle, or bad calibration. */
export class QuantizeError extends TinyevoError {}
