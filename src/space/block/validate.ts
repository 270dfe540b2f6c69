import type { Issue } from '../types.js';
import { BLOCK_TYPES, fieldChoices, type Block, type BlockType } from './fields.js';
import type { BlockConfig } from './options.js';

const show = (v: unknown): string => JSON.stringify(v) ?? String(v);

/** Issues of one block: an object with a known `type`, every field of that type allowed, and no other field. */
function blockIssues(value: unknown, i: number, config: BlockConfig): Issue[] {
  const where = `block: block[${i}]`;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [{ path: `[${i}]`, message: `${where} must be an object with a type (${BLOCK_TYPES.join(', ')}); got ${show(value)}.` }];
  }
  const obj = value as Readonly<Record<string, unknown>>;
  if (!BLOCK_TYPES.includes(obj['type'] as BlockType)) {
    return [{ path: `[${i}].type`, message: `${where}.type must be one of ${BLOCK_TYPES.join(', ')}; got ${show(obj['type'])}.` }];
  }
  const fields = fieldChoices(obj['type'] as BlockType, config);
  const issues: Issue[] = [];
  for (const [field, choices] of fields) {
    if (!choices.includes(obj[field] as number)) {
      issues.push({ path: `[${i}].${field}`, message: `${where}.${field} must be one of ${choices.join(', ')}; got ${show(obj[field])}.` });
    }
  }
  const known = ['type', ...fields.map(([f]) => f)];
  const extra = Object.keys(obj).filter((k) => !known.includes(k));
  if (extra.length > 0) {
    issues.push({ path: `[${i}]`, message: `${where} fields must be ${known.join(', ')} for type ${obj['type']}; got extra ${show(extra)}.` });
  }
  return issues;
}

/** Indices of the stride-2 blocks. */
export const reductionsOf = (blocks: readonly Block[]): number[] => blocks.flatMap((b, i) => (b.stride === 2 ? [i] : []));

/** Issues of a block genome: 1 to maxBlocks valid blocks, at most maxReductions of them with stride 2. Never throws. */
export function validateBlocks(genome: unknown, config: BlockConfig): Issue[] {
  if (!Array.isArray(genome) || genome.length < 1 || genome.length > config.maxBlocks) {
    const got = Array.isArray(genome) ? `${genome.length} blocks` : show(genome);
    return [{ path: '', message: `block: genome must be a list of 1 to ${config.maxBlocks} blocks; got ${got}.` }];
  }
  const issues = genome.flatMap((b: unknown, i) => blockIssues(b, i, config));
  if (issues.length > 0) return issues;
  const strided = reductionsOf(genome as Block[]);
  if (strided.length > config.maxReductions) {
    const [h, w] = config.inputShape;
    issues.push({ path: '', message: `block: the number of stride-2 blocks must be <= ${config.maxReductions} for a ${h}x${w} input; got ${strided.length} (blocks ${strided.join(', ')}).` });
  }
  return issues;
}
