import type { DeployGraph } from '../hardware/lowering/types.js';
import { planMemory } from '../hardware/memory/plan.js';
import { findRuntime } from '../hardware/runtime/profiles.js';
import type { QuantModel } from '../quantize/types.js';
import { generateC, testHarness } from './c/generate.js';
import { writeTflite } from './tflite/write.js';

/** The deployment formats `tinyevo export` writes. */
export const exportFormatNames = ['tflite', 'c'] as const;
export type ExportFormat = (typeof exportFormatNames)[number];

/** What one format wrote, for the export report. */
export interface FormatResult {
  readonly format: ExportFormat;
  readonly files: readonly string[];
  /** Flash the format's model data takes (the .tflite file; the C constants). */
  readonly bytes: number;
  /** For C: the static arena's size (SRAM). */
  readonly arenaBytes?: number;
  readonly summary?: string;
}

/** What a format writer gets: the int8 model, the deployment it was quantized from, golden test vectors, a file sink. */
export interface FormatInput {
  readonly model: QuantModel;
  readonly deploy: DeployGraph;
  readonly cases: readonly { readonly input: readonly number[]; readonly output: readonly number[] }[];
  readonly name: string;
  write(file: string, content: string | Uint8Array): void;
}

/** One writer per format. */
export const exportFormats: Record<ExportFormat, (x: FormatInput) => FormatResult> = {
  tflite: ({ model, name, write }) => {
    const bytes = writeTflite(model);
    write(`${name}.tflite`, bytes);
    return { format: 'tflite', files: [`${name}.tflite`], bytes: bytes.length, summary: `${bytes.length} B flatbuffer for TFLite Micro (int8, ${model.ops.length} ops)` };
  },
  c: ({ model, deploy, cases, name, write }) => {
    const plan = planMemory(deploy, findRuntime('tinyevo-c'));
    const c = generateC(model, deploy, plan, name);
    write(`${name}.h`, c.header);
    write(`${name}.c`, c.source);
    write(`${name}_test.c`, testHarness(name, cases));
    return { format: 'c', files: [`${name}.h`, `${name}.c`, `${name}_test.c`], bytes: c.constBytes, arenaBytes: c.arenaBytes, summary: `C99 source: ${c.constBytes} B of constants, ${c.arenaBytes} B static arena (build: cc ${name}.c ${name}_test.c && ./a.out)` };
  },
};
