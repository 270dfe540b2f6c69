import { TinyevoError } from '../errors.js';

/** A dashboard failure with the HTTP status it answers with (400 bad request by default, 404 unknown study or trial). */
export class DashboardError extends TinyevoError {
  constructor(message: string, readonly status = 400) {
    super(message);
  }
}
