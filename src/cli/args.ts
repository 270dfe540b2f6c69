import { InvalidArgumentError } from 'commander';
import { makeOutput, reportError, type Output } from './output.js';

/** A commander parser for an integer option >= min, with a message naming the option and the value. */
export function intArg(name: string, min: number) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be an integer >= ${min}; got ${JSON.stringify(v)}.`);
    return n;
  };
}

/** A commander parser for a positive number option. */
export function numArg(name: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a positive number; got ${JSON.stringify(v)}.`);
    return n;
  };
}

/** Runs a command's action with its output sink and turns any failure into a clean message and exit code. */
export function runAction(json: boolean | undefined, action: (out: Output) => Promise<void> | void): Promise<void> {
  return Promise.resolve().then(() => action(makeOutput(!!json))).catch((e: unknown) => {
    process.exitCode = reportError(e, !!json);
  });
}
