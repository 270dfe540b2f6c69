import type { ConstraintReport } from './constraints.js';
import type { CostReport } from './cost.js';
import type { Device } from './devices/types.js';

const n = (v: number): string => Math.round(v).toLocaleString('en-US');
const pct = (v: number): string => `${(100 * v).toFixed(1)} %`;

/** One line per device: id, core, clock, SRAM, flash, measured power. */
export function formatDevices(devices: readonly Device[]): string {
  const rows = devices.map((d) => [d.id, d.core, `${d.clockHz / 1e6} MHz`, `${n(d.sramBytes / 1024)} KiB SRAM`, `${n(d.flashBytes / 1024)} KiB flash`, d.inferencePowerMw === null ? 'power n/a' : `${d.inferencePowerMw} mW`]);
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] as string).length))) ?? [];
  return rows.map((r) => r.map((v, i) => (i >= 2 ? v.padStart(widths[i] as number) : v.padEnd(widths[i] as number))).join('  ')).join('\n');
}

function memoryLine(c: CostReport): string {
  const m = c.memory;
  const live = m.liveAtPeak.map((l) => `${l.tensors.join('=')} ${n(l.bytes)} B`).join(', ');
  const scratch = m.scratchAtPeakBytes > 0 ? `; scratch ${n(m.scratchAtPeakBytes)} B` : '';
  return `peak SRAM    ${n(m.peakSramBytes)} B = arena ${n(m.arenaBytes)} B (${m.placementStrategy}) + persistent ${n(m.persistentBytes)} B\n`
    + `             peaks at op '${m.peakOp}' (live: ${live}${scratch}); graph-order peak ${n(m.topologicalPeakBytes)} B, naive ${n(m.naivePeakBytes)} B`;
}

/** The human summary of `tinyevo cost`: params, MACs, flash, peak SRAM and where, latency, energy, limits. */
export function formatCost(name: string, device: Device, report: ConstraintReport): string {
  const c = report.cost;
  const f = c.flash;
  const l = c.latency;
  const lines = [
    `${name} on ${device.id} (${device.core}, ${device.clockHz / 1e6} MHz), runtime ${c.runtime}`,
    `params       ${n(c.params)} (deployed: ${n(c.deployedParams)} weights and biases after folding batch norm)`,
    `MACs         ${n(c.macs)}`,
    `flash        ${n(f.totalBytes)} B = model ${n(f.modelBytes)} B (weights ${n(f.weightBytes)}, biases ${n(f.biasBytes)}, quantisation ${n(f.quantBytes)}, structure ${n(f.containerOverheadBytes)}) + code ${n(f.codeBytes)} B`,
    memoryLine(c),
    `latency      ${l.latencyMs.toFixed(2)} ms (${n(l.cycles)} cycles; cycle model ${l.model.basis}: ${l.model.provenance})`,
    `energy       ${l.energyUj.toFixed(1)} uJ at ${l.powerMw} mW (${l.powerBasis})`,
    'limits',
    ...report.checks.map((k) => `  ${k.name.padEnd(8)} ${n(k.value).padStart(12)} / ${n(k.limit).padEnd(12)} ${k.unit.padEnd(4)} margin ${n(k.margin)} (${pct(k.marginRatio)}) ${k.ok ? 'ok' : `EXCEEDED; shrink ${k.culprits.join(', ')}`}`),
    report.feasible ? 'fits' : `does not fit (violation ${report.violation.toFixed(3)})`,
  ];
  return lines.join('\n');
}

/** The JSON document of `tinyevo cost --json` (the deployed graph is summarised, not repeated). */
export function costToJSON(name: string, report: ConstraintReport): unknown {
  const c = report.cost;
  const { deploy, latency, ...rest } = c;
  return {
    model: name, ...rest, ops: deploy.ops.length, feasible: report.feasible, violation: report.violation, checks: report.checks,
    latency: { latencyMs: latency.latencyMs, cycles: latency.cycles, energyUj: latency.energyUj, powerMw: latency.powerMw, powerBasis: latency.powerBasis, model: latency.model, perOp: latency.perOp },
  };
}
