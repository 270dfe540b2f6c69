import type { MemoryProblem } from './problem.js';
import { initialLiveBytes, stepBytes } from './step.js';

/** An arena buffer: one value, or a chain of values an in-place op wrote over each other; live in [first, last]. */
export interface ArenaBuffer {
  readonly values: readonly number[];
  readonly bytes: number;
  readonly firstStep: number;
  readonly lastStep: number;
}

/** Memory of one execution order: bytes while each step runs, the peak step, and the buffers to place. */
export interface OrderProfile {
  readonly stepBytes: readonly number[];
  readonly peakBytes: number;
  readonly peakStep: number;
  /** Indices of the buffers live while the peak step runs. */
  readonly liveAtPeak: readonly number[];
  readonly buffers: readonly ArenaBuffer[];
}

function lifetimes(p: MemoryProblem, pos: readonly number[]): { first: number[]; last: number[] } {
  const n = p.opCount;
  const first = p.producer.map((op) => (op < 0 ? 0 : (pos[op] as number)));
  const last = p.consumers.map((cs, v) => {
    const end = cs.reduce((m, c) => Math.max(m, pos[c] as number), first[v] as number);
    return p.keepAlive[v] ? Math.max(end, n - 1) : end;
  });
  return { first, last };
}

function chainBuffers(p: MemoryProblem, order: readonly number[], first: number[], last: number[]): { buffers: ArenaBuffer[]; bytesAt: number[] } {
  const host = p.bytes.map((_, v) => v);
  const done = new Uint8Array(p.opCount);
  let live = initialLiveBytes(p);
  const bytesAt = order.map((v) => {
    const s = stepBytes(p, v, live, (op) => done[op] === 1);
    if (s.inPlaceOf >= 0) host[p.opOutput[v] as number] = host[s.inPlaceOf] as number;
    done[v] = 1;
    live = s.afterBytes;
    return s.duringBytes;
  });
  const groups = new Map<number, number[]>();
  host.forEach((_, v) => {
    let h = v;
    while (host[h] !== h) h = host[h] as number;
    groups.set(h, [...(groups.get(h) ?? []), v]);
  });
  const buffers = [...groups.values()].map((vs) => ({
    values: vs, bytes: p.bytes[vs[0] as number] as number,
    firstStep: Math.min(...vs.map((v) => first[v] as number)), lastStep: Math.max(...vs.map((v) => last[v] as number)),
  }));
  return { buffers, bytesAt };
}

/**
 * The memory profile of an order: per-step bytes (the same `stepBytes` rule as the order search), the peak and
 * what is live then, and the arena buffers with their lifetimes (steps are positions in the order).
 */
export function profileOrder(p: MemoryProblem, order: readonly number[]): OrderProfile {
  const pos = new Array<number>(p.opCount);
  order.forEach((op, i) => { pos[op] = i; });
  const { first, last } = lifetimes(p, pos);
  const { buffers, bytesAt } = chainBuffers(p, order, first, last);
  let peakStep = 0;
  bytesAt.forEach((b, i) => { if (b > (bytesAt[peakStep] as number)) peakStep = i; });
  const liveAtPeak = buffers.map((_, i) => i).filter((i) => (buffers[i] as ArenaBuffer).firstStep <= peakStep && peakStep <= (buffers[i] as ArenaBuffer).lastStep);
  return { stepBytes: bytesAt, peakBytes: bytesAt.length > 0 ? Math.max(...bytesAt) : initialLiveBytes(p), peakStep, liveAtPeak, buffers };
}
