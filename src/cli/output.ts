import { TinyevoError } from '../errors.js';

/** Where a command writes: one JSON document on stdout with --json, human text otherwise; progress on stderr. */
export interface Output {
  readonly json: boolean;
  /** Prints the command's result: `value` as JSON, or `text()` for people. */
  result(value: unknown, text: () => string): void;
  /** A progress or status line, always on stderr. */
  progress(line: string): void;
}

/** Creates the output sink for one command run. */
export function makeOutput(json: boolean): Output {
  return {
    json,
    result(value, text) {
      process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text()}\n`);
    },
    progress(line) {
      process.stderr.write(`${line}\n`);
    },
  };
}

/**
 * Reports a failure: a TinyevoError's message as it is (no stack), anything else as an internal error with its
 * stack when TINYEVO_DEBUG is set. With --json the error is the one JSON document on stdout. Returns the exit code.
 */
export function reportError(e: unknown, json: boolean): number {
  const known = e instanceof TinyevoError;
  const message = e instanceof Error ? e.message : String(e);
  if (json) {
    process.stdout.write(`${JSON.stringify({ error: { type: known ? (e as Error).name : 'InternalError', message } }, null, 2)}\n`);
  } else {
    process.stderr.write(`tinyevo: ${known ? '' : 'internal error: '}${message}\n`);
    if (!known && process.env.TINYEVO_DEBUG && e instanceof Error) process.stderr.write(`${e.stack}\n`);
  }
  return known ? 2 : 1;
}
