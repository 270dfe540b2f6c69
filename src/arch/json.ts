import { ShapeError } from '../errors.js';
import { buildGraph, type NodeSpec } from './graph.js';
import type { ArchGraph } from './types.js';

/** The version of the ArchGraph JSON format; bumped when a field's meaning changes. */
export const ARCH_SCHEMA_VERSION = 1;

/** The JSON form of an ArchGraph: the node specs (shapes are re-inferred on load, never trusted). */
export interface ArchGraphJSON {
  readonly schemaVersion: number;
  readonly inputShape: readonly number[];
  readonly output: string;
  readonly nodes: readonly NodeSpec[];
}

/** Converts a graph to its JSON form (no shapes: they follow from the specs). */
export function graphToJSON(graph: ArchGraph): ArchGraphJSON {
  return {
    schemaVersion: ARCH_SCHEMA_VERSION,
    inputShape: [...graph.inputShape],
    output: graph.output,
    nodes: graph.nodes.map((n) => ({ id: n.id, kind: n.kind, inputs: [...n.inputs], attrs: { ...n.attrs } }) as NodeSpec),
  };
}

/**
 * Reads a graph from its JSON form (an object or a JSON string), checks the schema version and re-validates every
 * node. Throws ShapeError naming the field, the value and what is allowed.
 */
export function graphFromJSON(json: unknown): ArchGraph {
  let value = json;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch (e) {
      throw new ShapeError(`graph JSON: text must be valid JSON; got a parse error: ${(e as Error).message}.`);
    }
  }
  if (value === null || typeof value !== 'object') throw new ShapeError(`graph JSON: must be an object; got ${JSON.stringify(value)}.`);
  const o = value as Partial<ArchGraphJSON>;
  if (o.schemaVersion !== ARCH_SCHEMA_VERSION) {
    throw new ShapeError(`graph JSON: schemaVersion must be ${ARCH_SCHEMA_VERSION}; got ${JSON.stringify(o.schemaVersion)}. Re-export the graph with this version of tinyevo.`);
  }
  if (!Array.isArray(o.nodes)) throw new ShapeError(`graph JSON: nodes must be an array; got ${JSON.stringify(o.nodes)}.`);
  if (!Array.isArray(o.inputShape)) throw new ShapeError(`graph JSON: inputShape must be an array; got ${JSON.stringify(o.inputShape)}.`);
  o.nodes.forEach((n, i) => {
    if (n === null || typeof n !== 'object' || !Array.isArray(n.inputs) || n.attrs === null || typeof n.attrs !== 'object') {
      throw new ShapeError(`graph JSON: nodes[${i}] must be {id, kind, inputs: [...], attrs: {...}}; got ${JSON.stringify(n)}.`);
    }
  });
  return buildGraph(o.inputShape, o.nodes, o.output);
}
