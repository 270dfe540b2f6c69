/** Config fields that may change between runs of one study: they bound the run or the final training, not what is proposed. */
export const RESUMABLE_FIELDS: readonly string[] = ['budgetSeconds', 'maxEvaluations', 'finalEpochs', 'engine', 'threads'];

function flatten(value: unknown, prefix: string, out: Map<string, string>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (value !== undefined) {
    out.set(prefix, JSON.stringify(value));
  }
}

/**
 * The differences between a stored and a requested config as `path: stored -> requested` lines, ignoring
 * RESUMABLE_FIELDS; empty when a study may be resumed with the requested config.
 */
export function configDiff(stored: unknown, requested: unknown): string[] {
  const a = new Map<string, string>();
  const b = new Map<string, string>();
  flatten(JSON.parse(JSON.stringify(stored ?? null)), '', a);
  flatten(JSON.parse(JSON.stringify(requested ?? null)), '', b);
  const paths = [...new Set([...a.keys(), ...b.keys()])].filter((p) => !RESUMABLE_FIELDS.includes(p)).sort();
  return paths.filter((p) => a.get(p) !== b.get(p)).map((p) => `${p}: ${a.get(p) ?? '(unset)'} -> ${b.get(p) ?? '(unset)'}`);
}
