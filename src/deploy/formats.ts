import type { CostReport } from '../hardware/cost.js';
import type { QuantModel } from '../quantize/types.js';
import { writeTflite } from './tflite/write.js';

/** The deployment formats `tinyevo export` writes. */
export const exportFormatNames = ['tflite'] as const;
export type ExportFormat = (typeof exportFormatNames)[number];

/** What one format wrote, for the export report. */
export interface FormatResult {
  readonly format: ExportFormat;
  readonly files: readonly string[];
  readonly bytes: number;
  readonly summary?: string;
}

/** Test vectors as the exporters receive them (see export.ts). */
export interface VectorsLike { readonly cases: readonly { readonly input: readonly number[]; readonly output: readonly number[] }[] }

type Writer = (model: QuantModel, vectors: VectorsLike, name: string, write: (file: string, content: string | Uint8Array) => void, cost: CostReport) => FormatResult;

/** One writer per format. */
export const exportFormats: Record<ExportFormat, Writer> = {
  tflite: (model, _vectors, name, write) => {
    const bytes = writeTflite(model);
    write(`${name}.tflite`, bytes);
    return { format: 'tflite', files: [`${name}.tflite`], bytes: bytes.length, summary: `${bytes.length} B flatbuffer for TFLite Micro (int8, ${model.ops.length} ops)` };
  },
};
