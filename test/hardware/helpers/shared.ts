import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Absolute path of a file under ../shared/reference/mcu/ (next to the repository), whether or not it exists. */
export function mcuReference(file: string): string {
  return fileURLToPath(new URL(`../../../../../shared/reference/mcu/${file}`, import.meta.url));
}

/** The text of a ../shared/reference/mcu/ file, or null when the shared data is not on this machine. */
export function readMcuReference(file: string): string | null {
  const path = mcuReference(file);
  return existsSync(path) ? readFileSync(path, 'utf8') : null;
}
