/**
 * The hardware cost models against the ground truth: .tflite sizes and activation memory of the four MLPerf Tiny
 * models, leave-one-board-out latency and energy error on the MLPerf Tiny results, the memory planner on random
 * multi-branch graphs, and the time of one full cost of a 50-layer graph. Prints markdown.
 * Usage: npm run bench:hardware [-- --quick]. Reads ../shared/reference/mcu/mlperf_tiny_latency.csv when present.
 */
import { existsSync, readFileSync } from 'node:fs';
import { GraphBuilder } from '../src/arch/builder.js';
import type { ArchGraph } from '../src/arch/types.js';
import { leaveOneBoardOut, boardPowerMw, summarise, type HeldOutPrediction } from '../src/hardware/calibrate/lobo.js';
import { readMlperfCsv } from '../src/hardware/calibrate/mlperf.js';
import { referenceModels } from '../src/hardware/calibrate/reference-models.js';
import { estimateCost } from '../src/hardware/cost.js';
import { findDevice } from '../src/hardware/devices/registry.js';
import { flashBreakdown } from '../src/hardware/flash/flash.js';
import { calibration } from '../src/hardware/latency/coefficients.js';
import { lowerGraph } from '../src/hardware/lowering/fuse.js';
import { planMemory, type PlanRules } from '../src/hardware/memory/plan.js';
import { runtimes } from '../src/hardware/runtime/profiles.js';
import { Rng } from '../src/util/rng.js';
import { randomMultiBranchGraph } from '../test/hardware/helpers/random-graphs.js';

const CSV = '../shared/reference/mcu/mlperf_tiny_latency.csv';
const quick = process.argv.includes('--quick');
const n = (v: number): string => Math.round(v).toLocaleString('en-US');
const pct = (v: number): string => `${v >= 0 ? '+' : ''}${v.toFixed(2)} %`;
const out = (line = ''): void => void process.stdout.write(`${line}\n`);

function referenceTable(): void {
  out('## MLPerf Tiny reference models: flash and activation memory');
  out();
  out('| model | .tflite actual | predicted | error | naive peak (published) | ours: naive | tflm-cmsis arena (TFLM greedy) | tinyevo-c arena (best) | X-CUBE-AI 9.0 activations (all versions) |');
  out('|---|---|---|---|---|---|---|---|---|');
  for (const m of referenceModels) {
    const d = lowerGraph(m.graph());
    const f = flashBreakdown(d, runtimes['tflm-cmsis'], calibration.container);
    const tflm = planMemory(d, runtimes['tflm-cmsis']);
    const te = planMemory(d, runtimes['tinyevo-c']);
    out(`| ${m.benchmark} (${m.zooName}) | ${n(m.tfliteBytes)} | ${n(f.modelBytes)} | ${pct(100 * (f.modelBytes / m.tfliteBytes - 1))} | ${n(m.naivePeakBytes)} | ${n(tflm.naivePeakBytes)} `
      + `| ${n(tflm.arenaBytes)} (+${n(tflm.persistentBytes)} persistent) | ${n(te.arenaBytes)} | ${n(m.xcubeAi9ActivationBytes)} (${n(m.xcubeAiActivationRange[0])}-${n(m.xcubeAiActivationRange[1])}) |`);
  }
  out();
}

function errorRow(label: string, rows: readonly HeldOutPrediction[], basis: string): string {
  const s = summarise(rows.map((h) => [h.predictedMs as number, h.observation.latencyMs] as const));
  const boards = new Set(rows.map((h) => h.observation.board)).size;
  return `| ${label} | ${s.n} | ${boards} | ${s.mapePct.toFixed(1)} % | ${s.maxPct.toFixed(1)} % | ${basis} |`;
}

function latencyTable(held: readonly HeldOutPrediction[]): void {
  out('## Latency: leave-one-board-out error on MLPerf Tiny (Cortex-M4/M7/M33/M55 boards)');
  out();
  out('| core / stack | rows | boards | MAPE | worst | held-out board predicted by |');
  out('|---|---|---|---|---|---|');
  const cortex = held.filter((h) => /cortex-m(4|7|33|55)$/.test(h.observation.core));
  const keys = [...new Set(cortex.map((h) => `${h.observation.core} / ${h.observation.stack}`))].sort();
  for (const key of keys) {
    const rows = cortex.filter((h) => `${h.observation.core} / ${h.observation.stack}` === key);
    const ok = rows.filter((h) => h.predictedMs !== null);
    if (ok.length === 0) out(`| ${key} | ${rows.length} | ${new Set(rows.map((h) => h.observation.board)).size} | n/a | n/a | nothing: no other board runs this stack on any core with a core factor |`);
    else out(errorRow(key, ok, [...new Set(ok.map((h) => h.basis))].join(', ')));
  }
  out();
}

function energyTable(held: readonly HeldOutPrediction[]): void {
  out('## Energy: predicted latency x inference power vs MLPerf energy runs');
  out();
  out('| core / stack | rows | MAPE (measured latency x catalog power) | MAPE (LOBO latency x catalog power) | worst | MAPE (LOBO latency x family default power) |');
  out('|---|---|---|---|---|---|');
  const rows = held.filter((h) => h.observation.energyUj !== null && h.predictedMs !== null);
  for (const key of [...new Set(rows.map((h) => `${h.observation.core} / ${h.observation.stack}`))].sort()) {
    const g = rows.filter((h) => `${h.observation.core} / ${h.observation.stack}` === key);
    const e = (lat: (h: HeldOutPrediction) => number, family: boolean) => summarise(g.map((h) => [lat(h) * boardPowerMw(h.observation, family), h.observation.energyUj as number] as const));
    const power = e((h) => h.observation.latencyMs, false);
    const lobo = e((h) => h.predictedMs as number, false);
    const fam = e((h) => h.predictedMs as number, true);
    out(`| ${key} | ${g.length} | ${power.mapePct.toFixed(1)} % | ${lobo.mapePct.toFixed(1)} % | ${lobo.maxPct.toFixed(1)} % | ${fam.mapePct.toFixed(1)} % |`);
  }
  out();
}

function cmsis2020(held: readonly HeldOutPrediction[]): void {
  // The 2020 reference is its own stack family; what would the tflm-cmsis profile (cmsis-nn fit) say about it?
  const rows = held.filter((h) => h.observation.stack === 'cmsis-nn-2020');
  if (rows.length === 0) return;
  const graphOf = (b: string) => (referenceModels.find((m) => m.benchmark === b) as (typeof referenceModels)[number]).graph();
  const s = summarise(rows.map((h) => [estimateCost(graphOf(h.observation.benchmark), findDevice('stm32l4r5')).latencyMs, h.observation.latencyMs] as const));
  out(`The 2020 v0.5 reference (TFLM 2.3.1 + CMSIS-NN, GCC 6, L4R5) is not in the fit; the tflm-cmsis profile predicts it with MAPE ${s.mapePct.toFixed(1)} % (worst ${s.maxPct.toFixed(1)} %), always too fast.`);
  out();
}

function cmsisRows(held: readonly HeldOutPrediction[]): void {
  out('Held-out CMSIS-NN rows (signed error of the prediction made without the board):');
  out();
  out('| core | board | stack | kws | vww | ic | ad |');
  out('|---|---|---|---|---|---|---|');
  const rows = held.filter((h) => h.observation.stack === 'cmsis-nn' && h.predictedMs !== null);
  for (const key of [...new Set(rows.map((h) => `${h.observation.core}|${h.observation.board}|${h.observation.submitter} ${h.observation.stackVersion}`))]) {
    const [core, board, stack] = key.split('|') as [string, string, string];
    const cell = (b: string) => {
      const h = rows.find((r) => `${r.observation.core}|${r.observation.board}|${r.observation.submitter} ${r.observation.stackVersion}` === key && r.observation.benchmark === b);
      return h ? pct(100 * ((h.predictedMs as number) / h.observation.latencyMs - 1)) : '-';
    };
    out(`| ${core} | ${board} | ${stack} | ${cell('kws')} | ${cell('vww')} | ${cell('ic')} | ${cell('ad')} |`);
  }
  out();
}

function plannerStats(): void {
  const count = quick ? 200 : 1000;
  const rng = new Rng(7);
  const bare = (r: PlanRules): PlanRules => ({ ...r, alignmentBytes: 1, scratchBytes: () => 0, persistentBytes: () => 0 });
  let helped = 0, gain = 0, maxGain = 0, exact = 0, overNaiveTflm = 0, overNaiveBest = 0, inPlaceHelped = 0;
  for (let i = 0; i < count; i++) {
    const d = lowerGraph(randomMultiBranchGraph(rng));
    const tflm = planMemory(d, bare(runtimes['tflm-cmsis']));
    const best = planMemory(d, { ...bare(runtimes['tflm-cmsis']), placement: 'best' });
    const te = planMemory(d, bare(runtimes['tinyevo-c']));
    const g = 1 - best.orderPeakBytes / best.topologicalPeakBytes;
    if (g > 0) helped++;
    gain += g;
    maxGain = Math.max(maxGain, g);
    if (best.orderExact) exact++;
    if (tflm.arenaBytes > tflm.naivePeakBytes) overNaiveTflm++;
    if (best.arenaBytes > best.naivePeakBytes || te.arenaBytes > te.naivePeakBytes) overNaiveBest++;
    if (te.orderPeakBytes < best.orderPeakBytes) inPlaceHelped++;
  }
  out(`## Memory planner on ${count} random multi-branch graphs (seed 7; no scratch, no alignment)`);
  out();
  out('| figure | value |');
  out('|---|---|');
  out(`| best order below the graph order | ${helped} graphs (${(100 * helped / count).toFixed(1)} %) |`);
  out(`| peak reduction where it helps: mean / max (mean over all graphs) | ${(100 * gain / Math.max(1, helped)).toFixed(1)} % / ${(100 * maxGain).toFixed(1)} % (${(100 * gain / count).toFixed(1)} %) |`);
  out(`| orders proven optimal (DP not pruned) | ${exact} / ${count} |`);
  out(`| in-place elementwise ops lower the order peak further | ${inPlaceHelped} graphs |`);
  out(`| TFLite Micro greedy-by-size arena above the naive peak | ${overNaiveTflm} graphs |`);
  out(`| best placement arena above the naive peak | ${overNaiveBest} graphs |`);
  out();
}

/** A 50-op MobileNetV2-style graph: stem, 13 inverted-residual blocks (expand, depthwise, project, add), pool, dense. */
function fiftyLayerGraph(): ArchGraph {
  const b = new GraphBuilder([96, 96, 3]);
  let x = b.convBnAct(b.input, { filters: 16, strides: 2, id: 'stem' }, 'relu6');
  let c = 16;
  const plan: [number, 1 | 2][] = [[16, 1], [24, 2], [24, 1], [32, 2], [32, 1], [32, 1], [64, 2], [64, 1], [64, 1], [96, 1], [96, 1], [96, 1], [128, 2]];
  plan.forEach(([out, stride], i) => {
    let y = b.convBnAct(x, { filters: c * 4, kernel: 1, id: `b${i}.e` }, 'relu6');
    y = b.dwBnAct(y, { strides: stride, id: `b${i}.dw` }, 'relu6');
    y = b.batchNorm(b.conv2d(y, { filters: out, kernel: 1, useBias: false, id: `b${i}.p` }));
    x = stride === 1 && out === c ? b.add([x, y], `b${i}.add`) : y;
    c = out;
  });
  b.dense(b.globalAvgPool(x), 10);
  return b.build();
}

function timing(): void {
  const g = fiftyLayerGraph();
  const device = findDevice('stm32f746');
  const ops = lowerGraph(g).ops.length;
  for (let i = 0; i < 200; i++) estimateCost(g, device);
  const runs = quick ? 500 : 3000;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    estimateCost(g, device);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const q = (p: number): number => times[Math.floor(p * (times.length - 1))] as number;
  out(`## Speed: full cost (lowering, flash, memory plan with order search and placement, latency, energy) of one ${ops}-op graph (${g.nodes.length} IR nodes)`);
  out();
  out(`median ${(1000 * q(0.5)).toFixed(0)} us, p90 ${(1000 * q(0.9)).toFixed(0)} us, max ${(1000 * q(1)).toFixed(0)} us over ${runs} runs (stm32f746, tflm-cmsis; Node ${process.version})`);
  out();
}

referenceTable();
if (existsSync(CSV)) {
  const held = leaveOneBoardOut(readMlperfCsv(readFileSync(CSV, 'utf8'), CSV).observations);
  latencyTable(held);
  cmsisRows(held);
  cmsis2020(held);
  energyTable(held);
} else {
  out(`## Latency and energy: SKIPPED. ${CSV} was not found (run from the repository root with ../shared next to it).`);
  out();
}
plannerStats();
timing();
