import type { GraphBuilder } from '../../arch/builder.js';
import { bitIndex } from './encoding.js';

/** The wiring of one stage: each node's predecessors, and which nodes take part. */
export interface StageWiring {
  readonly preds: readonly (readonly number[])[];
  readonly succs: readonly (readonly number[])[];
  readonly active: readonly boolean[];
}

/**
 * Reads a stage's bits. As in Genetic CNN, a node with no connection at all is dropped; when every node is dropped
 * (all bits 0) we keep node 1 alone, so that the stage still holds one conv (the paper keeps the convs of its default
 * nodes instead, which we leave out to keep the network small).
 */
export function stageWiring(bits: readonly number[], nodes: number): StageWiring {
  const preds: number[][] = Array.from({ length: nodes }, () => []);
  const succs: number[][] = Array.from({ length: nodes }, () => []);
  for (let j = 1; j < nodes; j++) {
    for (let i = 0; i < j; i++) {
      if (bits[bitIndex(i, j)] === 1) {
        (preds[j] as number[]).push(i);
        (succs[i] as number[]).push(j);
      }
    }
  }
  const active = preds.map((p, k) => p.length > 0 || (succs[k] as number[]).length > 0);
  if (!active.includes(true)) active[0] = true;
  return { preds, succs, active };
}

const sum = (b: GraphBuilder, ids: readonly string[], id: string): string => (ids.length === 1 ? (ids[0] as string) : b.add(ids, id));

/**
 * Adds one stage: every active node is conv3x3-BN-ReLU with `channels` filters over the sum of its predecessors, or
 * over the stage input when it has none; the stage output is the sum of the active nodes that feed no other node.
 * Returns the output's id.
 */
export function addStage(b: GraphBuilder, input: string, bits: readonly number[], nodes: number, channels: number, id: string): string {
  const w = stageWiring(bits, nodes);
  const outs: string[] = [];
  const sinks: string[] = [];
  for (let k = 0; k < nodes; k++) {
    if (!w.active[k]) continue;
    const preds = w.preds[k] as readonly number[];
    const from = preds.length === 0 ? input : sum(b, preds.map((p) => outs[p] as string), `${id}.n${k + 1}.in`);
    outs[k] = b.convBnAct(from, { filters: channels, kernel: 3, id: `${id}.n${k + 1}` });
    if ((w.succs[k] as readonly number[]).length === 0) sinks.push(outs[k] as string);
  }
  return sum(b, sinks, `${id}.out`);
}
