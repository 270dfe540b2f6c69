import { TinyevoError } from '../errors.js';

/** Export failed: an op a format cannot express, a model that does not fit the device, a malformed model file. */
export class DeployError extends TinyevoError {}
