import * as tf from '@tensorflow/tfjs-core';
import type { ArchGraph } from '../../arch/types.js';
import { MCUNET_LAYOUT, type McunetSpace } from '../../space/mcunet/index.js';

const L = MCUNET_LAYOUT;
const CHOICES = 3;

/**
 * Measures `value(genome)` for every block and choice: genomes are the smallest network with block b of stage s
 * present (its stage deepened as needed) at kernel choice k and expansion choice e. Returns the base (smallest
 * network) value and the [stage][block][kernel][expand] table of `measure(value, s, b)` results.
 */
function measureBlocks(space: McunetSpace, value: (g: ArchGraph) => number, measure: (v: number, at: (edit: (g: number[]) => void) => number, s: number, b: number, base: number) => number): { base: number; block: number[][][][] } {
  const ref = space.smallest();
  const at = (edit: (g: number[]) => void): number => {
    const g = [...ref];
    edit(g);
    return value(space.decode(g));
  };
  const base = at(() => {});
  const block = Array.from({ length: L.stages }, (_, s) => Array.from({ length: L.maxDepth }, (_, b) => Array.from({ length: CHOICES }, (_, k) => Array.from({ length: CHOICES }, (_, e) => measure(at((g) => {
    g[L.depthIndex(s)] = Math.max(0, b + 1 - (L.depths[0] as number));
    g[L.kernelIndex(s, b)] = k;
    g[L.expandIndex(s, b)] = e;
  }), at, s, b, base)))));
  return { base, block };
}

/** The table values of a genome's present blocks (its chosen kernel and expansion in each). */
function chosenValues(block: readonly (readonly (readonly (readonly number[])[])[])[], genome: readonly number[]): number[] {
  const out: number[] = [];
  for (let s = 0; s < L.stages; s++) {
    const depth = L.depths[genome[L.depthIndex(s)] as number] as number;
    for (let b = 0; b < depth; b++) out.push(block[s]?.[b]?.[genome[L.kernelIndex(s, b)] as number]?.[genome[L.expandIndex(s, b)] as number] as number);
  }
  return out;
}

/**
 * Under choice probabilities: each block's expected value sum_k,e p(k) p(e) table[s][b][k][e], and the probability
 * that the block is present (1 for the first two of a stage, P(depth >= 3) and P(depth = 4) for the others), both [stages, blocks].
 */
function blockTerms(probs: tf.Tensor2D, table: tf.Tensor): { perBlock: tf.Tensor; present: tf.Tensor } {
  const rows = (idx: (s: number, b: number) => number) => selectRows(probs, Array.from({ length: L.stages * L.maxDepth }, (_, i) => idx(Math.floor(i / L.maxDepth), i % L.maxDepth)));
  const pk = tf.reshape(rows(L.kernelIndex), [L.stages, L.maxDepth, CHOICES, 1]);
  const pe = tf.reshape(rows(L.expandIndex), [L.stages, L.maxDepth, 1, CHOICES]);
  const perBlock = tf.sum(tf.mul(tf.mul(pk, pe), table), [2, 3]);
  const pd = selectRows(probs, Array.from({ length: L.stages }, (_, s) => L.depthIndex(s)));
  const one = tf.onesLike(tf.slice(pd, [0, 0], [-1, 1]));
  const present = tf.reshape(tf.stack([one, one, tf.slice(pd, [0, 1], [-1, 2]).sum(1, true), tf.slice(pd, [0, 2], [-1, 1])], 1), [L.stages, L.maxDepth]);
  return { perBlock, present };
}

/** Rows of `probs` by index, as a product with a one-hot matrix: its gradient needs no scatter kernel (wasm has none). */
function selectRows(probs: tf.Tensor2D, indices: readonly number[]): tf.Tensor2D {
  return tf.matMul(tf.oneHot(tf.tensor1d([...indices], 'int32'), probs.shape[0]).toFloat() as tf.Tensor2D, probs);
}

/**
 * A cost of MCUNet networks (MACs, flash bytes, latency ms...) split exactly over its blocks, so that its expectation
 * under independent per-decision choice probabilities is a small differentiable polynomial (MicroNets-style DNAS
 * cost terms). The split is measured from the cost model itself: `base` is the network with depth 2 and kernel 3,
 * expansion 3 everywhere; `block[s][b][k][e]` is what block b of stage s adds at kernel choice k and expansion
 * choice e (0 for the two always-present blocks at k = e = 0, which `base` holds). It is exact for costs that add
 * up over a network's ops (MACs, latency, weight bytes); `exact()` returns the split's value at one-hot choices so a
 * caller can check that against the model (the tests do).
 */
export class ExpectedCost {
  readonly base: number;
  /** [stage][block][kernel][expand]. */
  readonly block: number[][][][];
  private readonly table: tf.Tensor;

  constructor(readonly space: McunetSpace, readonly cost: (g: ArchGraph) => number) {
    // A block beyond the minimum depth adds the difference between the depth that includes it and the one before;
    // the always-present blocks add the difference from the smallest network.
    const m = measureBlocks(space, cost, (v, at, s, b, base) => v - (b < (L.depths[0] as number) ? base : at((g) => { g[L.depthIndex(s)] = b - (L.depths[0] as number); })));
    this.base = m.base;
    this.block = m.block;
    this.table = tf.tensor(this.block.flat(3), [L.stages, L.maxDepth, CHOICES, CHOICES]);
  }

  /** The split's value for a genome (one-hot choices): equals the cost model's value when the cost is additive. */
  exact(genome: readonly number[]): number {
    return chosenValues(this.block, genome).reduce((t, v) => t + v, this.base);
  }

  /**
   * The expected cost under choice probabilities `probs` ([decisions, 3], rows summing to 1, e.g. a softmax of the
   * architecture logits): base + sum over blocks of P(block present) * sum_k,e p(k) p(e) block[s][b][k][e]. Differentiable
   * in `probs`. Call inside tf.tidy (or dispose the result).
   */
  expected(probs: tf.Tensor2D): tf.Scalar {
    return tf.tidy(() => {
      const { perBlock, present } = blockTerms(probs, this.table);
      return tf.add(this.base, tf.sum(tf.mul(perBlock, present))) as tf.Scalar;
    });
  }

  /** The same expectation in float64 JavaScript numbers (for finite-difference checks and reporting). */
  expectedNumber(probs: readonly (readonly number[])[]): number {
    let total = this.base;
    for (let s = 0; s < L.stages; s++) {
      const pd = probs[L.depthIndex(s)] as readonly number[];
      const present = [1, 1, (pd[1] as number) + (pd[2] as number), pd[2] as number];
      for (let b = 0; b < L.maxDepth; b++) {
        const pk = probs[L.kernelIndex(s, b)] as readonly number[];
        const pe = probs[L.expandIndex(s, b)] as readonly number[];
        let m = 0;
        for (let k = 0; k < CHOICES; k++) for (let e = 0; e < CHOICES; e++) m += (pk[k] as number) * (pe[e] as number) * (this.block[s]?.[b]?.[k]?.[e] as number);
        total += (present[b] as number) * m;
      }
    }
    return total;
  }

  dispose(): void {
    this.table.dispose();
  }
}

/**
 * Peak SRAM is a maximum over a network's ops, not a sum, so it has no exact split over blocks. This surrogate takes
 * each block's peak as measured by the memory planner on the smallest network with only that block changed (present,
 * at kernel k and expansion e), and the expected peak as the largest over blocks of (P(present) * E[block peak] +
 * (1 - P(present)) * base). At one-hot choices it is the largest single-block peak, which `exact()` returns so a
 * caller can compare it with the planner's figure for the whole network (the tests report the gap).
 */
export class ExpectedPeak {
  readonly base: number;
  /** [stage][block][kernel][expand]: the planner's peak with only that block changed. */
  readonly block: number[][][][];
  private readonly table: tf.Tensor;

  constructor(readonly space: McunetSpace, readonly peak: (g: ArchGraph) => number) {
    const m = measureBlocks(space, peak, (v) => v);
    this.base = m.base;
    this.block = m.block;
    this.table = tf.tensor(this.block.flat(3), [L.stages, L.maxDepth, CHOICES, CHOICES]);
  }

  /** The surrogate at one-hot choices: the largest peak over the genome's present blocks (and the base network). */
  exact(genome: readonly number[]): number {
    return Math.max(this.base, ...chosenValues(this.block, genome));
  }

  /** The expected peak under `probs` ([decisions, 3]); differentiable (through the largest block term). */
  expected(probs: tf.Tensor2D): tf.Scalar {
    return tf.tidy(() => {
      const { perBlock, present } = blockTerms(probs, this.table);
      const mixed = tf.add(tf.mul(present, perBlock), tf.mul(tf.sub(1, present), this.base));
      return tf.maximum(tf.max(mixed), this.base) as tf.Scalar;
    });
  }

  dispose(): void {
    this.table.dispose();
  }
}

/** The differentiable expected costs of MCUNet networks on one device and runtime (what DNAS penalises). */
export interface DeviceCostTerms {
  readonly flashBytes: ExpectedCost;
  readonly latencyMs: ExpectedCost;
  /** Peak SRAM = arena (a maximum over ops: ExpectedPeak) + persistent runtime bytes (a sum over ops: ExpectedCost). */
  readonly arenaBytes: ExpectedPeak;
  readonly persistentBytes: ExpectedCost;
  /** Expected peak SRAM under `probs`. */
  sram(probs: tf.Tensor2D): tf.Scalar;
  dispose(): void;
}

/** Builds the cost terms from a cost model (`measure(graph)` gives flash, latency, arena and persistent bytes). */
export function deviceCostTerms(space: McunetSpace, measure: (g: ArchGraph) => { flashBytes: number; latencyMs: number; arenaBytes: number; persistentBytes: number }): DeviceCostTerms {
  // The four terms measure the same networks: measure each once.
  const cache = new Map<string, ReturnType<typeof measure>>();
  const m = (g: ArchGraph) => {
    const key = JSON.stringify(g.nodes);
    let r = cache.get(key);
    if (!r) { r = measure(g); cache.set(key, r); }
    return r;
  };
  const terms = {
    flashBytes: new ExpectedCost(space, (g) => m(g).flashBytes),
    latencyMs: new ExpectedCost(space, (g) => m(g).latencyMs),
    arenaBytes: new ExpectedPeak(space, (g) => m(g).arenaBytes),
    persistentBytes: new ExpectedCost(space, (g) => m(g).persistentBytes),
  };
  return {
    ...terms,
    sram: (probs) => tf.tidy(() => tf.add(terms.arenaBytes.expected(probs), terms.persistentBytes.expected(probs)) as tf.Scalar),
    dispose: () => { terms.flashBytes.dispose(); terms.latencyMs.dispose(); terms.arenaBytes.dispose(); terms.persistentBytes.dispose(); },
  };
}
