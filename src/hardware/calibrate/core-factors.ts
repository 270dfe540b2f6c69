import type { CoreFamily } from '../devices/types.js';
import type { CoreFactor } from '../latency/types.js';
import type { Observation } from './mlperf.js';

const cyclesOf = (o: Observation): number => o.latencyMs * 1e-3 * o.clockHz;

function median(v: readonly number[]): number {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** Log-cycle ratios of `core` vs the Cortex-M4 over (key, benchmark) pairs that both ran. */
function logRatios(obs: readonly Observation[], core: CoreFamily, key: (o: Observation) => string): number[] {
  const mean = new Map<string, { sum: number; n: number }>();
  for (const o of obs) {
    if (o.core !== core && o.core !== 'cortex-m4') continue;
    const k = `${o.core}|${key(o)}|${o.benchmark}`;
    const m = mean.get(k) ?? { sum: 0, n: 0 };
    mean.set(k, { sum: m.sum + Math.log(cyclesOf(o)), n: m.n + 1 });
  }
  const out: number[] = [];
  for (const [k, m] of mean) {
    if (!k.startsWith(`${core}|`)) continue;
    const ref = mean.get(`cortex-m4|${k.slice(core.length + 1)}`);
    if (ref) out.push(m.sum / m.n - ref.sum / ref.n);
  }
  return out;
}

/**
 * Cycles of each core family relative to the Cortex-M4 for the same software and model: the median, over every
 * (stack, benchmark) run on both, of the ratio of geometric-mean cycles. Exact stack versions are paired first;
 * a core with no such pair is paired by stack family. Cores with neither get no factor.
 */
export function coreFactors(obs: readonly Observation[]): CoreFactor[] {
  const out: CoreFactor[] = [{ core: 'cortex-m4', factor: 1, basis: 'reference', pairs: 0 }];
  const cores = [...new Set(obs.map((o) => o.core))].filter((c) => c !== 'cortex-m4').sort();
  for (const core of cores) {
    const exact = logRatios(obs, core, (o) => o.stackVersion);
    const family = exact.length > 0 ? [] : logRatios(obs, core, (o) => o.stack);
    const r = exact.length > 0 ? exact : family;
    if (r.length > 0) out.push({ core, factor: Math.exp(median(r)), basis: exact.length > 0 ? 'exact-stack' : 'stack-family', pairs: r.length });
  }
  return out;
}
