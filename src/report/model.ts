import type { ArchGraph } from '../arch/types.js';
import { TinyevoError } from '../errors.js';
import { estimateCost, findDevice, runtimeIds, type CostReport, type MemoryPlan, type RuntimeId } from '../hardware/index.js';
import { spaceByName, spaceForData, type AnySpace } from '../space/index.js';
import type { TrialRecord } from '../study/types.js';

/** The fields of a stored study config the report reads; the rest is shown as stored. */
export interface ReportConfig {
  readonly dataset: string;
  readonly space: string;
  readonly device: string;
  readonly runtime: RuntimeId;
  readonly spaceWidth?: number;
}

const str = (v: unknown, fallback: string): string => (typeof v === 'string' ? v : fallback);

/** Reads the report's fields from a stored config, with the search defaults for missing ones (older or test studies). */
export function reportConfig(config: unknown): ReportConfig {
  const c = (config ?? {}) as { [k: string]: unknown };
  const runtime = str(c.runtime, 'tflm-cmsis');
  return {
    dataset: str(c.dataset, 'mnist'), space: str(c.space, 'chain'), device: str(c.device, 'nrf52840'),
    runtime: (runtimeIds as readonly string[]).includes(runtime) ? (runtime as RuntimeId) : 'tflm-cmsis',
    ...(typeof c.spaceWidth === 'number' && { spaceWidth: c.spaceWidth }),
  };
}

/** Input shape [h, w, c] and class count of a dataset spec without loading it; null when only its files can tell. */
export function datasetInput(spec: string): { shape: [number, number, number]; classes: number } | null {
  if (spec === 'mnist' || spec === 'fashion-mnist') return { shape: [28, 28, 1], classes: 10 };
  if (spec.startsWith('cifar10:')) return { shape: [32, 32, 3], classes: 10 };
  if (spec.startsWith('kws:')) return { shape: [49, 10, 1], classes: 12 };
  return null;
}

/** The space a study searched, built for its dataset (nb201 has a fixed input). */
export function studySpace(c: ReportConfig): AnySpace {
  if (c.space === 'nb201') return spaceByName(c.space);
  const input = datasetInput(c.dataset);
  if (!input) throw new TinyevoError(`report: dataset must be mnist, fashion-mnist, cifar10:DIR or kws:DIR to decode genomes without loading data; got '${c.dataset}'.`);
  return spaceForData(c.space, input.shape, input.classes, { ...(c.spaceWidth !== undefined && { width: c.spaceWidth }) });
}

/** The best model's analysis: its graph and full cost report, or why it could not be decoded. */
export type BestModel =
  | { readonly record: TrialRecord; readonly graph: ArchGraph; readonly cost: CostReport; readonly config: ReportConfig }
  | { readonly record: TrialRecord; readonly error: string };

/** Decodes the best record's genome and costs it on the study's device and runtime; failures become an `error`. */
export function analyseBest(record: TrialRecord, c: ReportConfig): BestModel {
  try {
    const space = studySpace(c);
    const graph = space.decode(space.fromJSON(record.genome));
    return { record, graph, cost: estimateCost(graph, findDevice(c.device), { runtime: c.runtime }), config: c };
  } catch (e) {
    if (e instanceof TinyevoError) return { record, error: e.message };
    throw e;
  }
}

function unionBytes(ranges: readonly (readonly [number, number])[]): number {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  let total = 0;
  let end = -Infinity;
  for (const [lo, hi] of sorted) {
    if (hi <= end) continue;
    total += hi - Math.max(lo, end);
    end = hi;
  }
  return total;
}

/**
 * Arena bytes live at each step of the plan's execution order: the union of the placed ranges of every tensor whose
 * [firstStep, lastStep] covers the step and of the scratch of the op running then. A union, not a sum, so tensors
 * that share a buffer (in place, aliased) count once.
 */
export function liveBytesPerStep(plan: MemoryPlan): number[] {
  const stepOf = new Map(plan.order.map((op, i) => [op, i]));
  return plan.order.map((_, step) => unionBytes([
    ...plan.tensors.filter((t) => t.firstStep <= step && step <= t.lastStep).map((t) => [t.offsetBytes, t.offsetBytes + t.sizeBytes] as const),
    ...plan.scratch.filter((sc) => stepOf.get(sc.op) === step).map((sc) => [sc.offsetBytes, sc.offsetBytes + sc.sizeBytes] as const),
  ]));
}
