import type { ArchGraph } from '../../arch/types.js';
import { ConfigError } from '../../errors.js';
import type { Decision, SearchSpace } from '../../space/types.js';
import type { DnasLimits } from './dnas.js';

/** Real costs of a network from the hardware models, in the units of the limits. */
export type MeasureCosts = (graph: ArchGraph) => { readonly sramBytes: number; readonly flashBytes: number; readonly latencyMs: number };

/** The outcome of fitting: the genome, the decisions changed (name, from, to) and its real costs. */
export interface FittedGenome {
  readonly genome: readonly number[];
  readonly changes: readonly { readonly decision: string; readonly from: string; readonly to: string }[];
  readonly costs: ReturnType<MeasureCosts>;
}

/** Sum over the set limits of how far each real cost exceeds it, relative to the limit (0: fits). */
function excess(c: ReturnType<MeasureCosts>, limits: DnasLimits): number {
  const over = (v: number, limit: number | undefined) => (limit === undefined ? 0 : Math.max(0, v / limit - 1));
  return over(c.sramBytes, limits.sramBytes) + over(c.flashBytes, limits.flashBytes) + over(c.latencyMs, limits.latencyMs);
}

/**
 * Makes DNAS's arg-max network fit the limits by its real costs. The expected costs of the mixture can sit under a
 * limit while the arg-max network, whose costs are not the expectation, exceeds it. While it does, every single
 * change of one decision to another choice is measured, and the change that removes excess at the least loss of
 * architecture log-probability (per unit of relative excess removed) is taken. A network that already fits is
 * returned unchanged. Throws ConfigError when no change reduces the excess (the limits are below what the space's
 * networks near this one can reach).
 */
export function fitToLimits(space: SearchSpace<readonly number[]> & { readonly decisions: readonly Decision[] }, genome: readonly number[], probs: readonly (readonly number[])[], measure: MeasureCosts, limits: DnasLimits): FittedGenome {
  let g = [...genome];
  let costs = measure(space.decode(g));
  const changes: { decision: string; from: string; to: string }[] = [];
  const logp = (d: number, c: number) => Math.log(Math.max(1e-12, probs[d]?.[c] ?? 0));
  const seen = new Set([space.key(g)]);
  while (excess(costs, limits) > 0) {
    const now = excess(costs, limits);
    let best: { genome: number[]; costs: ReturnType<MeasureCosts>; score: number; decision: number } | null = null;
    for (let d = 0; d < g.length; d++) {
      const choices = space.decisions[d]?.choices.length ?? 0;
      for (let c = 0; c < choices; c++) {
        if (c === g[d]) continue;
        const next = [...g];
        next[d] = c;
        const key = space.key(next);
        if (seen.has(key)) continue; // an inactive decision, or a network already visited
        const nc = measure(space.decode(next));
        const removed = now - excess(nc, limits);
        if (removed <= 0) continue;
        const score = (logp(d, g[d] as number) - logp(d, c)) / removed;
        if (!best || score < best.score) best = { genome: next, costs: nc, score, decision: d };
      }
    }
    if (!best) {
      throw new ConfigError(`dnas: the chosen network must fit the limits ${JSON.stringify(limits)}; it needs SRAM ${Math.ceil(costs.sramBytes)} B, flash ${Math.ceil(costs.flashBytes)} B, latency ${costs.latencyMs.toFixed(1)} ms, and no single change of a choice brings it closer. Raise the limits or lower the space's width.`);
    }
    const decision = space.decisions[best.decision];
    changes.push({ decision: decision?.name ?? String(best.decision), from: decision?.choices[g[best.decision] as number] ?? '?', to: decision?.choices[best.genome[best.decision] as number] ?? '?' });
    g = best.genome;
    costs = best.costs;
    seen.add(space.key(g));
  }
  return { genome: g, changes, costs };
}
