import type { MemoryProblem } from './problem.js';

/** Memory while an op runs and after it, and the input it overwrites in place (or -1). */
export interface StepBytes {
  readonly duringBytes: number;
  readonly afterBytes: number;
  readonly inPlaceOf: number;
}

/**
 * Runs op `v` after the ops for which `isDone` is true, with `liveBytes` live: its output is allocated (unless
 * it overwrites a dying input of its size), its scratch is added for its duration, and inputs whose last reader
 * it is are freed. This one function defines memory for the order search and for the final profile.
 */
export function stepBytes(p: MemoryProblem, v: number, liveBytes: number, isDone: (op: number) => boolean): StepBytes {
  const out = p.opOutput[v] as number;
  const outBytes = out >= 0 ? (p.bytes[out] as number) : 0;
  let freed = 0;
  let inPlaceOf = -1;
  for (const u of p.opInputs[v] as readonly number[]) {
    if (p.keepAlive[u] || !(p.consumers[u] as readonly number[]).every((c) => c === v || isDone(c))) continue;
    freed += p.bytes[u] as number;
    if (inPlaceOf < 0 && p.inPlaceOk[v] && out >= 0 && (p.producer[u] as number) >= 0 && p.bytes[u] === outBytes) inPlaceOf = u;
  }
  const outDies = out >= 0 && (p.consumers[out] as readonly number[]).length === 0 && !p.keepAlive[out];
  return {
    duringBytes: liveBytes + (inPlaceOf >= 0 ? 0 : outBytes) + (p.scratch[v] as number),
    afterBytes: liveBytes + outBytes - freed - (outDies ? outBytes : 0),
    inPlaceOf,
  };
}

/** Bytes live before the first op: the graph input. */
export function initialLiveBytes(p: MemoryProblem): number {
  return p.producer.reduce((s, prod, v) => (prod < 0 ? s + (p.bytes[v] as number) : s), 0);
}
