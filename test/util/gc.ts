import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection, for memory-growth tests: `node --test` runs files without --expose-gc, and without a
 * collection resident memory moves by tens of MiB with the collector's timing (a busy machine delays it).
 */
export function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}
