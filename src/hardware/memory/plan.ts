import type { DeployGraph } from '../lowering/types.js';
import type { PlacementPolicy } from '../runtime/types.js';
import { bestOrder } from './order.js';
import { placeBest, placeGreedyBySize, type Interval } from './placement.js';
import { buildProblem, type MemoryProblem, type PlannerRules } from './problem.js';
import { profileOrder, type OrderProfile } from './profile.js';

/** Where one activation tensor lives in the arena. Tensors that share a buffer (in place, aliased) share an offset. */
export interface TensorPlacement {
  readonly tensor: string;
  readonly offsetBytes: number;
  readonly sizeBytes: number;
  /** Positions in `order` of the first and last op that needs the buffer. */
  readonly firstStep: number;
  readonly lastStep: number;
}

/** A scratch buffer of an op, live only while that op runs. */
export interface ScratchPlacement { readonly op: string; readonly offsetBytes: number; readonly sizeBytes: number }

/** The memory plan of a deployed graph: the numbers, and the full layout that an exporter reuses. */
export interface MemoryPlan {
  /** Arena + persistent runtime bytes: the SRAM the model needs. */
  readonly peakSramBytes: number;
  /** Activations and scratch as placed (offsets below). */
  readonly arenaBytes: number;
  readonly persistentBytes: number;
  /** Most bytes live at one step of `order` (activations + scratch): the least any placement could achieve. */
  readonly orderPeakBytes: number;
  /** The op running when `orderPeakBytes` is reached, and what is live then. */
  readonly peakOp: string;
  readonly liveAtPeak: readonly { readonly tensors: readonly string[]; readonly bytes: number }[];
  readonly scratchAtPeakBytes: number;
  /** Op ids in execution order; `exact` when the order is proven to have the least peak. */
  readonly order: readonly string[];
  readonly orderExact: boolean;
  /** Peak of the graph's own order under the same rules: what the order search gained. */
  readonly topologicalPeakBytes: number;
  /** Graph order, no in-place, no scratch, no alignment, input and output counted (reference_models.md's bound). */
  readonly naivePeakBytes: number;
  readonly placementStrategy: string;
  readonly tensors: readonly TensorPlacement[];
  readonly scratch: readonly ScratchPlacement[];
}

/** Planner rules plus the runtime's placement policy and persistent bytes (a RuntimeProfile is one). */
export interface PlanRules extends PlannerRules {
  readonly placement: PlacementPolicy;
  persistentBytes(graph: DeployGraph): number;
}

const naiveRules: PlannerRules = { inPlace: false, aliasReshape: false, alignmentBytes: 1, scratchBytes: () => 0 };
const identity = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** Naive peak activation bytes: graph order, every tensor its own buffer, no scratch, no alignment. */
export function naivePeakBytes(graph: DeployGraph): number {
  const p = buildProblem(graph, naiveRules);
  return profileOrder(p, identity(p.opCount)).peakBytes;
}

function chooseOrder(p: MemoryProblem): { order: readonly number[]; exact: boolean; profile: OrderProfile; topo: OrderProfile } {
  const topo = profileOrder(p, identity(p.opCount));
  const found = bestOrder(p);
  const profile = profileOrder(p, found.order);
  // The search may prune; never return an order worse than the graph's own.
  if (profile.peakBytes <= topo.peakBytes) return { order: found.order, exact: found.exact, profile, topo };
  return { order: identity(p.opCount), exact: false, profile: topo, topo };
}

/**
 * Plans the arena of a deployed graph under a runtime: the order with the least peak (bestOrder), in-place reuse
 * where the rules allow, buffers placed by the runtime's policy (TFLite Micro's greedy-by-size or the best of
 * several), plus the runtime's persistent bytes. Pure and deterministic.
 */
export function planMemory(graph: DeployGraph, rules: PlanRules): MemoryPlan {
  const p = buildProblem(graph, rules);
  const { order, exact, profile, topo } = chooseOrder(p);
  const scratchOps = order.filter((op) => (p.scratch[op] as number) > 0);
  const items: Interval[] = [
    ...profile.buffers.map((b) => ({ bytes: b.bytes, firstStep: b.firstStep, lastStep: b.lastStep })),
    ...scratchOps.map((op) => ({ bytes: p.scratch[op] as number, firstStep: order.indexOf(op), lastStep: order.indexOf(op) })),
  ];
  const placed = rules.placement === 'greedy-by-size' ? placeGreedyBySize(items, rules.alignmentBytes) : placeBest(items, rules.alignmentBytes);
  const bufferOf = new Map<number, number>();
  profile.buffers.forEach((b, i) => b.values.forEach((v) => bufferOf.set(v, i)));
  const tensors = graph.tensors.map((t) => {
    const i = bufferOf.get(p.valueOf[t.index] as number) as number;
    const b = profile.buffers[i] as (typeof profile.buffers)[number];
    return { tensor: t.id, offsetBytes: placed.offsets[i] as number, sizeBytes: t.bytes, firstStep: b.firstStep, lastStep: b.lastStep };
  });
  const persistentBytes = rules.persistentBytes(graph);
  const peakOpIndex = order[profile.peakStep] ?? 0;
  return {
    peakSramBytes: placed.arenaBytes + persistentBytes, arenaBytes: placed.arenaBytes, persistentBytes,
    orderPeakBytes: profile.peakBytes, peakOp: graph.ops[peakOpIndex]?.id ?? '(no ops)',
    liveAtPeak: profile.liveAtPeak.map((i) => {
      const b = profile.buffers[i] as (typeof profile.buffers)[number];
      return { tensors: graph.tensors.filter((t) => b.values.includes(p.valueOf[t.index] as number)).map((t) => t.id), bytes: b.bytes };
    }),
    scratchAtPeakBytes: p.scratch[peakOpIndex] ?? 0,
    order: order.map((i) => (graph.ops[i] as DeployGraph['ops'][number]).id), orderExact: exact, topologicalPeakBytes: topo.peakBytes,
    naivePeakBytes: naivePeakBytes(graph), placementStrategy: placed.strategy, tensors,
    scratch: scratchOps.map((op, k) => ({ op: (graph.ops[op] as DeployGraph['ops'][number]).id, offsetBytes: placed.offsets[profile.buffers.length + k] as number, sizeBytes: p.scratch[op] as number })),
  };
}
