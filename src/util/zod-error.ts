import type { ZodError } from 'zod';

/** Formats a zod error as `<where>: <path> <rule>; got <value>.` lines, one per issue, for a user to read. */
export function formatZodError(where: string, error: ZodError, input: unknown): string {
  return error.issues.map((issue) => {
    const path = issue.path.join('.') || '(root)';
    let value: unknown = input;
    for (const key of issue.path) value = value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[key] : undefined;
    return `${where}: ${path} ${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)}; got ${JSON.stringify(value)}.`;
  }).join('\n');
}
