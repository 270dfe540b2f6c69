import { readFileSync } from 'node:fs';
import { HardwareError } from '../errors.js';
import { parseDevices } from './schema.js';
import type { Device } from './types.js';

/**
 * Reads and validates a device file (JSON, `{"devices": [...]}`). Throws HardwareError when the file cannot be
 * read, is not JSON, or a device is malformed (see `parseDevices`).
 */
export function readDeviceFile(path: string): Device[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new HardwareError(`${path}: device file must exist and be readable; got ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}. Check the --devices path.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new HardwareError(`${path}: device file must be valid JSON; got a parse error: ${(e as Error).message}. Fix the syntax.`);
  }
  return parseDevices(json, path);
}
