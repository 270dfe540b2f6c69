import { SpaceError } from '../../errors.js';
import type { Decision } from '../types.js';

/** Connection bits of one stage of K nodes: K(K-1)/2. */
export const bitsPerStage = (nodes: number): number => (nodes * (nodes - 1)) / 2;

/**
 * Position of bit (i, j), i < j (0-based nodes), inside its stage. Genetic CNN's order: the bits of node j's
 * predecessors come together, node 1 first ("1-01-011" lists j = 1, 2, 3 for K = 4).
 */
export const bitIndex = (i: number, j: number): number => (j * (j - 1)) / 2 + i;

/** One two-choice decision per connection bit, stage by stage; names are 1-based like the paper. */
export function multiBranchDecisions(stages: number, nodes: number): Decision[] {
  const out: Decision[] = [];
  for (let s = 0; s < stages; s++) {
    for (let j = 1; j < nodes; j++) {
      for (let i = 0; i < j; i++) out.push({ name: `stage ${s + 1} edge ${i + 1}->${j + 1}`, choices: ['off', 'on'] });
    }
  }
  return out;
}

/** Genetic CNN's string: per stage the bits of nodes 2..K joined by '-', stages joined by '|' ("1-01-011|0-00-000"). */
export function toCode(genome: readonly number[], stages: number, nodes: number): string {
  const per = bitsPerStage(nodes);
  const parts: string[] = [];
  for (let s = 0; s < stages; s++) {
    const groups: string[] = [];
    for (let j = 1; j < nodes; j++) groups.push(genome.slice(s * per + bitIndex(0, j), s * per + bitIndex(0, j) + j).join(''));
    parts.push(groups.join('-'));
  }
  return parts.join('|');
}

/** Parses `toCode`'s string; throws SpaceError naming the stage and the expected layout. */
export function fromCode(code: string, stages: number, nodes: number): number[] {
  const parts = code.split('|');
  const layout = Array.from({ length: nodes - 1 }, (_, j) => '0'.repeat(j + 1)).join('-');
  if (parts.length !== stages) {
    throw new SpaceError(`multi-branch: code must have ${stages} stages joined by '|' (each like ${layout}); got ${JSON.stringify(code)}.`);
  }
  return parts.flatMap((part, s) => {
    const groups = part.split('-');
    if (groups.length !== nodes - 1 || groups.some((g, j) => g.length !== j + 1 || !/^[01]+$/.test(g))) {
      throw new SpaceError(`multi-branch: stage ${s + 1} code must be ${nodes - 1} groups of 1..${nodes - 1} bits (0 or 1) like ${layout}; got ${JSON.stringify(part)}.`);
    }
    return [...groups.join('')].map(Number);
  });
}
