import type { DeployGraph, OpClass } from '../lowering/types.js';
import type { RuntimeProfile } from '../runtime/types.js';

/** Op classes present in a graph as the runtime runs them (an aliased reshape is no op). */
export function classesUsed(graph: DeployGraph, runtime: RuntimeProfile): Set<OpClass> {
  return new Set(graph.ops.filter((o) => !(o.opClass === 'reshape' && runtime.aliasReshape)).map((o) => o.opClass));
}

/**
 * Flash bytes of runtime code for a graph: the runtime's fixed part, its per-op part by op class (generated call
 * sites), and each kernel linked once. Conv and pointwise share the CONV_2D kernel, so it counts once.
 */
export function codeBytes(graph: DeployGraph, runtime: RuntimeProfile): number {
  const used = classesUsed(graph, runtime);
  const k = runtime.code.kernelBytes;
  let kernels = 0;
  for (const c of used) if (c !== 'pointwise') kernels += k[c];
  if (used.has('pointwise') && !used.has('conv')) kernels += k.pointwise;
  const calls = graph.ops.filter((o) => !(o.opClass === 'reshape' && runtime.aliasReshape)).reduce((a, o) => a + runtime.code.perOpBytes[o.opClass], 0);
  return runtime.code.fixedBytes + calls + kernels;
}
