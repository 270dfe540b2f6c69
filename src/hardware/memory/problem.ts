import type { DeployGraph, DeployOp } from '../lowering/types.js';

/** The runtime rules the planner follows (a RuntimeProfile has them all). */
export interface PlannerRules {
  readonly inPlace: boolean;
  readonly aliasReshape: boolean;
  readonly alignmentBytes: number;
  scratchBytes(op: DeployOp): number;
}

/**
 * A deployed graph reduced to what memory planning needs. A "value" is an activation tensor, or several when a
 * reshape aliases its input (then they share one buffer). Sizes are rounded up to the alignment.
 */
export interface MemoryProblem {
  readonly opCount: number;
  /** DeployTensor index -> value index. */
  readonly valueOf: readonly number[];
  readonly bytes: readonly number[];
  /** Producing op of each value; -1 for the graph input. */
  readonly producer: readonly number[];
  readonly consumers: readonly (readonly number[])[];
  /** The graph output must stay live to the last step. */
  readonly keepAlive: readonly boolean[];
  /** Distinct input values of each op. */
  readonly opInputs: readonly (readonly number[])[];
  /** Output value of each op, or -1 for an aliased reshape (it writes nothing). */
  readonly opOutput: readonly number[];
  /** Ops that must run before each op (producers of its inputs). */
  readonly opPreds: readonly (readonly number[])[];
  readonly scratch: readonly number[];
  /** The runtime may write this op's output over an input that dies here and has the output's size. */
  readonly inPlaceOk: readonly boolean[];
}

/** Rounds `bytes` up to a multiple of `alignment`. */
export const alignUp = (bytes: number, alignment: number): number => Math.ceil(bytes / alignment) * alignment;

/** Builds the memory problem of a deployed graph under a runtime's rules. O(ops + tensors). */
export function buildProblem(graph: DeployGraph, rules: PlannerRules): MemoryProblem {
  const valueOf = graph.tensors.map((t) => t.index);
  const opOutput = graph.ops.map((o) => o.output);
  for (const op of graph.ops) {
    if (op.opClass !== 'reshape' || !rules.aliasReshape) continue;
    valueOf[op.output] = valueOf[op.inputs[0] as number] as number;
    opOutput[op.index] = -1;
  }
  const roots = [...new Set(valueOf)];
  const index = new Map(roots.map((r, i) => [r, i]));
  const vOf = valueOf.map((r) => index.get(r) as number);
  const consumers: Set<number>[] = roots.map(() => new Set());
  const keepAlive = roots.map(() => false);
  graph.tensors.forEach((t) => {
    for (const c of t.consumers) (consumers[vOf[t.index] as number] as Set<number>).add(c);
    if (t.isOutput) keepAlive[vOf[t.index] as number] = true;
  });
  const producer = roots.map((r) => (graph.tensors[r] as DeployGraph['tensors'][number]).producer);
  const opInputs = graph.ops.map((o) => [...new Set(o.inputs.map((t) => vOf[t] as number))]);
  return {
    opCount: graph.ops.length, valueOf: vOf,
    bytes: roots.map((r) => alignUp((graph.tensors[r] as DeployGraph['tensors'][number]).bytes, rules.alignmentBytes)),
    producer, consumers: consumers.map((s) => [...s].sort((a, b) => a - b)), keepAlive, opInputs,
    opOutput: opOutput.map((t) => (t < 0 ? -1 : (vOf[t] as number))),
    opPreds: opInputs.map((ins) => [...new Set(ins.map((v) => producer[v] as number).filter((p) => p >= 0))]),
    scratch: graph.ops.map((o) => alignUp(rules.scratchBytes(o), rules.alignmentBytes)),
    inPlaceOk: graph.ops.map((o) => rules.inPlace && o.opClass === 'elementwise'),
  };
}
