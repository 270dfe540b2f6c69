import type { CoreFamily } from '../devices/types.js';
import { column, parseCsv } from './csv.js';

/** The four MLPerf Tiny v0.5-v1.3 closed-division benchmarks. */
export const benchmarks = ['kws', 'vww', 'ic', 'ad'] as const;
/** One MLPerf Tiny benchmark id. */
export type Benchmark = (typeof benchmarks)[number];

/** One usable MLPerf Tiny result: a model's median latency (and energy, if measured) on a board and software stack. */
export interface Observation {
  readonly round: string;
  readonly submitter: string;
  /** Chip id, matching the device catalog where the chip is in it (e.g. 'stm32l4r5' for every L4R5ZI board). */
  readonly board: string;
  readonly core: CoreFamily;
  /** Kernel family (see `stackFamilyOf`). */
  readonly stack: string;
  /** The stack as the submission names it (used to pair the same software across cores). */
  readonly stackVersion: string;
  readonly benchmark: Benchmark;
  readonly clockHz: number;
  readonly latencyMs: number;
  readonly energyUj: number | null;
}

/** A row left out of the fit, with the reason. */
export interface Exclusion { readonly board: string; readonly stack: string; readonly benchmark: string; readonly reason: string }

const cores: readonly [RegExp, CoreFamily][] = [
  [/^Cortex-M0\+/, 'cortex-m0plus'], [/^Cortex-M4/, 'cortex-m4'], [/^Cortex-M7/, 'cortex-m7'], [/^Cortex-M33/, 'cortex-m33'],
  [/^Cortex-M55/, 'cortex-m55'], [/^Cortex-M85/, 'cortex-m85'], [/^Renesas RXv2/, 'rxv2'], [/^RISC-V .*RV32/, 'riscv32'],
];

/** The core family of an MLPerf `core` field, or null for cores tinyevo has no family for (RH850, RV64, unnamed). */
export function coreFamilyOf(core: string): CoreFamily | null {
  return cores.find(([re]) => re.test(core))?.[1] ?? null;
}

// Stack families group software whose kernels behave alike. CMSIS-NN under TFLM, ONNC or microTVM is one family;
// the 2020 v0.5 reference (TFLM 2.3.1, GCC 6) is kept apart: it runs 1.8-2.4x more cycles than every later
// CMSIS-NN stack on the same board. Vendor engines change kernels between major versions, so versions split.
const stacks: readonly [RegExp, string][] = [
  [/MVP accelerator|ST Edge AI/, 'accelerator'], [/self-developed/, 'unknown'],
  [/TFLM v2\.3\.1 \+ CMSIS-NN/, 'cmsis-nn-2020'], [/CMSIS-NN/, 'cmsis-nn'], [/^TFLM 2\.3\.1$/, 'tflm-ref'],
  [/X-CUBE-AI v7/, 'x-cube-ai-7'], [/X-CUBE-AI v8/, 'x-cube-ai-8'], [/X-CUBE-AI v(9|1\d)/, 'x-cube-ai-9+'],
  [/Plumerai .*2023/, 'plumerai-2023'], [/Plumerai/, 'plumerai-2021'], [/HALE/, 'bosch-hale'],
  [/microTVM native/, 'microtvm-native'], [/Andes NN/, 'andes-nn'],
];

/** The stack family of an MLPerf `stack` field ('accelerator' and 'unknown' are never fitted). */
export function stackFamilyOf(stack: string): string {
  return stacks.find(([re]) => re.test(stack))?.[1] ?? 'unknown';
}

const boards: readonly [RegExp, string][] = [
  [/L4R5/i, 'stm32l4r5'], [/H7A3/i, 'stm32h7a3'], [/F746/i, 'stm32f746'], [/U575/i, 'stm32u575'], [/U585/i, 'stm32u585'],
  [/U385/i, 'stm32u385'], [/U3C5/i, 'stm32u3c5'], [/G0B1/i, 'stm32g0b1'], [/CY8CPROTO-062/i, 'psoc62'], [/M467/i, 'm467'],
  [/nRF5340/i, 'nrf5340'], [/RA6M4/i, 'ra6m4'], [/RA8D1/i, 'ra8d1'], [/RX65N/i, 'rx65n'], [/xG24/i, 'efr32mg24'],
  [/Scepu02/i, 'pcl-scepu02'], [/ADP-XC7K/i, 'andes-fpga'], [/RH850/i, 'rh850-f1km'],
];

/** The chip id of an MLPerf board name: all NUCLEO/DISCO/EK variants of one chip are one board for cross-validation. */
export function boardIdOf(board: string): string {
  return boards.find(([re]) => re.test(board))?.[1] ?? board.toLowerCase().replace(/[^a-z0-9]+/g, '-');
}

// Configurations that are not the default int8 deployment of the model.
const variantNotes = /fp32 model|max-performance|min-RAM/;

function exclusionReason(core: CoreFamily | null, stack: string, benchmark: string, notes: string): string | null {
  if (!(benchmarks as readonly string[]).includes(benchmark)) return `benchmark '${benchmark}' is not one of the four models`;
  if (core === null) return 'core family not modelled';
  if (stack === 'accelerator') return 'uses an on-chip accelerator, not the CPU';
  if (stack === 'unknown') return 'unknown software stack';
  if (variantNotes.test(notes)) return 'not the default int8 configuration (fp32 / max-performance / min-RAM)';
  return null;
}

/**
 * Reads `mlperf_tiny_latency.csv` text into observations (latency in ms, energy in uJ, clock in Hz) and the rows
 * left out with their reasons. Throws HardwareError on malformed CSV or missing columns. `where` names the file.
 */
export function readMlperfCsv(text: string, where: string): { readonly observations: Observation[]; readonly excluded: Exclusion[] } {
  const { header, rows } = parseCsv(text, where);
  const observations: Observation[] = [];
  const excluded: Exclusion[] = [];
  for (const r of rows) {
    const get = (name: string): string => column(header, r, name, where);
    const core = coreFamilyOf(get('core'));
    const stack = stackFamilyOf(get('stack'));
    const board = boardIdOf(get('board'));
    const reason = exclusionReason(core, stack, get('benchmark'), get('notes'));
    if (reason !== null || core === null) {
      excluded.push({ board, stack, benchmark: get('benchmark'), reason: reason ?? 'core family not modelled' });
      continue;
    }
    const energy = get('energy_uj');
    observations.push({
      round: get('round'), submitter: get('submitter'), board, core, stack, stackVersion: get('stack'), benchmark: get('benchmark') as Benchmark,
      clockHz: Number(get('mhz')) * 1e6, latencyMs: Number(get('latency_ms')), energyUj: energy === '' ? null : Number(energy),
    });
  }
  return { observations, excluded };
}
