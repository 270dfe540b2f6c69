import type { MemoryProblem } from './problem.js';
import { initialLiveBytes, stepBytes } from './step.js';

/** An execution order of the ops and whether it is proven to minimise the peak. */
export interface OrderResult {
  readonly order: readonly number[];
  /** True when no state was pruned: the order's peak is the minimum over all topological orders. */
  readonly exact: boolean;
}

interface State { readonly done: Uint16Array; readonly ready: readonly number[]; readonly live: number; readonly peak: number; readonly parent: State | null; readonly op: number }

const has = (s: Uint16Array, i: number): boolean => ((s[i >> 4] as number) & (1 << (i & 15))) !== 0;
const key = (s: Uint16Array): string => String.fromCharCode(...s);

/** Ops that have `v` among their predecessors, for updating the ready set after `v` runs. */
function successorOps(p: MemoryProblem): number[][] {
  const succ: number[][] = Array.from({ length: p.opCount }, () => []);
  p.opPreds.forEach((preds, w) => preds.forEach((v) => (succ[v] as number[]).push(w)));
  return succ;
}

function expand(p: MemoryProblem, succ: readonly (readonly number[])[], st: State, next: Map<string, State>): void {
  const isDone = (op: number): boolean => has(st.done, op);
  for (const v of st.ready) {
    const s = stepBytes(p, v, st.live, isDone);
    const done = st.done.slice();
    done[v >> 4] = (done[v >> 4] as number) | (1 << (v & 15));
    const peak = Math.max(st.peak, s.duringBytes);
    const k = key(done);
    const old = next.get(k);
    if (old && peak >= old.peak) continue;
    // An op becomes ready when its last predecessor runs; only v's successors can change.
    const ready = st.ready.filter((w) => w !== v);
    for (const w of succ[v] as readonly number[]) if ((p.opPreds[w] as readonly number[]).every((u) => has(done, u))) ready.push(w);
    ready.sort((a, b) => a - b);
    next.set(k, { done, ready, live: s.afterBytes, peak, parent: st, op: v });
  }
}

/**
 * States kept per layer: 256 for small graphs, fewer for large ones so that the search stays near
 * 4,096 x ops expansions (a 90-op NASNet cell graph: 45, a few ms); never below 16.
 */
export function defaultBeamWidth(ops: number): number {
  return Math.max(16, Math.min(256, Math.floor(4096 / Math.max(1, ops))));
}

/**
 * The execution order with the smallest peak memory (live activations + scratch) over all topological orders,
 * by dynamic programming over the sets of executed ops: the memory live after a set depends only on the set, so
 * the least peak to reach each set is all that must be kept. Chains have n + 1 sets; k parallel branches of
 * length L have (L + 1)^k. When a layer holds more than `beamWidth` sets (see defaultBeamWidth) only the best (least peak, then least
 * live) are kept and the result is a heuristic (exact = false) whose peak is still never above the graph order's
 * (plan.ts compares both). Deterministic: ties keep the lower op index.
 */
export function bestOrder(p: MemoryProblem, beamWidth = defaultBeamWidth(p.opCount)): OrderResult {
  const succ = successorOps(p);
  const ready = p.opPreds.map((preds, v) => (preds.length === 0 ? v : -1)).filter((v) => v >= 0);
  let layer: State[] = [{ done: new Uint16Array(Math.ceil(p.opCount / 16)), ready, live: initialLiveBytes(p), peak: 0, parent: null, op: -1 }];
  let exact = true;
  for (let k = 0; k < p.opCount; k++) {
    const next = new Map<string, State>();
    for (const st of layer) expand(p, succ, st, next);
    layer = [...next.values()];
    if (layer.length > beamWidth) {
      exact = false;
      layer = layer.sort((a, b) => a.peak - b.peak || a.live - b.live).slice(0, beamWidth);
    }
  }
  const best = layer.reduce((a, b) => (b.peak < a.peak ? b : a));
  const order: number[] = [];
  for (let s: State | null = best; s && s.op >= 0; s = s.parent) order.push(s.op);
  return { order: order.reverse(), exact };
}
