import { TinyevoError } from '../errors.js';

/**
 * Thrown by the hardware module: an unknown device or runtime id, a malformed device file, a graph that fits no
 * device, or calibration data that cannot be read. Messages follow `<where>: <what> must <rule>; got <value>. <fix>`.
 */
export class HardwareError extends TinyevoError {}
