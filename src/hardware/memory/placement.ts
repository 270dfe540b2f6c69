import { alignUp } from './problem.js';

/** A block to place in the arena: its size and the steps during which it must not overlap another block. */
export interface Interval {
  readonly bytes: number;
  readonly firstStep: number;
  readonly lastStep: number;
}

/** Offsets for every interval (same order as given), the arena size, and the strategy that produced them. */
export interface Placement {
  readonly offsets: readonly number[];
  readonly arenaBytes: number;
  readonly strategy: string;
}

/**
 * First-fit placement in the given order: each block goes to the lowest aligned offset where it overlaps no
 * already placed block that is live at the same time. This is TFLite Micro's GreedyMemoryPlanner when the order
 * is by decreasing size. O(n^2 log n).
 */
export function placeFirstFit(items: readonly Interval[], order: readonly number[], alignment: number, strategy: string): Placement {
  const offsets = new Array<number>(items.length).fill(0);
  const placed: number[] = [];
  let arena = 0;
  for (const i of order) {
    const it = items[i] as Interval;
    const conflicts = placed.filter((j) => {
      const o = items[j] as Interval;
      return o.firstStep <= it.lastStep && it.firstStep <= o.lastStep && o.bytes > 0;
    }).sort((a, b) => (offsets[a] as number) - (offsets[b] as number));
    let offset = 0;
    for (const j of conflicts) {
      if (offset + it.bytes <= (offsets[j] as number)) break;
      offset = Math.max(offset, alignUp((offsets[j] as number) + (items[j] as Interval).bytes, alignment));
    }
    offsets[i] = offset;
    placed.push(i);
    arena = Math.max(arena, offset + it.bytes);
  }
  return { offsets, arenaBytes: arena, strategy };
}

const idx = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const span = (it: Interval): number => it.lastStep - it.firstStep + 1;

/** TFLite Micro's greedy planner: first fit by decreasing size (ties: earlier first use, then index). */
export function placeGreedyBySize(items: readonly Interval[], alignment: number): Placement {
  const order = idx(items.length).sort((a, b) => (items[b] as Interval).bytes - (items[a] as Interval).bytes || (items[a] as Interval).firstStep - (items[b] as Interval).firstStep || a - b);
  return placeFirstFit(items, order, alignment, 'greedy-by-size');
}

/** The live-bytes lower bound of a placement: the most bytes live at one step. */
export function loadBytes(items: readonly Interval[]): number {
  const steps = items.reduce((m, it) => Math.max(m, it.lastStep + 1), 0);
  const load = new Array<number>(steps).fill(0);
  for (const it of items) for (let s = it.firstStep; s <= it.lastStep; s++) load[s] = (load[s] as number) + it.bytes;
  return load.reduce((m, v) => Math.max(m, v), 0);
}

/**
 * Local search over first-fit orders: while some block ends at the arena's top, try it first; keep the order if
 * the arena shrinks. Stops at a local minimum or after `rounds` improvements.
 */
function refine(items: readonly Interval[], start: Placement, order: readonly number[], alignment: number, rounds: number): Placement {
  let best = start;
  let bestOrder = order;
  for (let r = 0; r < rounds; r++) {
    const tops = bestOrder.filter((i) => (best.offsets[i] as number) + (items[i] as Interval).bytes === best.arenaBytes);
    const next = tops.map((t) => [t, ...bestOrder.filter((i) => i !== t)]).map((o) => ({ o, p: placeFirstFit(items, o, alignment, best.strategy) }))
      .find(({ p }) => p.arenaBytes < best.arenaBytes);
    if (!next) break;
    best = next.p;
    bestOrder = next.o;
  }
  return best;
}

// A fixed integer hash (splitmix32 finaliser): scrambled but deterministic first-fit orders, no RNG state.
function scramble(i: number, k: number): number {
  let z = (Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(k + 1, 0x85ebca6b)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * The best placement tinyevo finds: first fit from four orders (by size, as TFLite Micro; size x lifetime;
 * lifetime; first use), each refined by local search, stopping as soon as one reaches the live-bytes bound (then
 * it is optimal); else up to `restarts` scrambled orders are refined too. Deterministic; usually one or two passes.
 */
export function placeBest(items: readonly Interval[], alignment: number, restarts = 256): Placement {
  const bound = loadBytes(items);
  const orders: [string, number[]][] = [
    ['greedy-by-size', idx(items.length).sort((a, b) => (items[b] as Interval).bytes - (items[a] as Interval).bytes || (items[a] as Interval).firstStep - (items[b] as Interval).firstStep || a - b)],
    ['size-x-lifetime', idx(items.length).sort((a, b) => (items[b] as Interval).bytes * span(items[b] as Interval) - (items[a] as Interval).bytes * span(items[a] as Interval) || a - b)],
    ['lifetime', idx(items.length).sort((a, b) => span(items[b] as Interval) - span(items[a] as Interval) || (items[b] as Interval).bytes - (items[a] as Interval).bytes || a - b)],
    ['first-use', idx(items.length).sort((a, b) => (items[a] as Interval).firstStep - (items[b] as Interval).firstStep || (items[b] as Interval).bytes - (items[a] as Interval).bytes || a - b)],
  ];
  const attempt = (name: string, order: number[]): Placement => refine(items, placeFirstFit(items, order, alignment, name), order, alignment, 20);
  let best = attempt(...(orders[0] as [string, number[]]));
  for (const [name, order] of orders.slice(1)) {
    if (best.arenaBytes <= bound) break;
    const p = attempt(name, order);
    if (p.arenaBytes < best.arenaBytes) best = p;
  }
  for (let k = 0; k < restarts && best.arenaBytes > bound; k++) {
    const p = attempt('scrambled', idx(items.length).sort((a, b) => scramble(a, k) - scramble(b, k) || a - b));
    if (p.arenaBytes < best.arenaBytes) best = p;
  }
  return best;
}
