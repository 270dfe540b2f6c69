import { z } from 'zod';
import { formatZodError } from '../../util/zod-error.js';
import { HardwareError } from '../errors.js';
import { deviceCatalog } from './catalog.js';
import { coreFamilies, type Device } from './types.js';

const FIX = 'Fix the device file; its format is described in docs/hardware.md.';

function positive(rule: string, integer: boolean) {
  const base = z.number({ required_error: rule, invalid_type_error: rule });
  return (integer ? base.int({ message: rule }) : base.finite({ message: rule })).positive({ message: rule });
}

const deviceKeys = ['id', 'name', 'core', 'clockHz', 'sramBytes', 'flashBytes', 'inferencePowerMw', 'source', 'notes'];

const deviceSchema = z.object({
  id: z.string({ required_error: 'must be given (a lower-case part name such as "stm32f746")', invalid_type_error: 'must be a string' })
    .regex(/^[a-z0-9][a-z0-9._-]*$/, { message: 'must be lower-case letters, digits, ".", "_" or "-"' }),
  name: z.string({ invalid_type_error: 'must be a string' }).optional(),
  core: z.enum(coreFamilies, { errorMap: () => ({ message: `must be one of ${coreFamilies.join(', ')}` }) }),
  clockHz: positive('must be a positive number of Hz (e.g. 64000000)', false),
  sramBytes: positive('must be a positive integer number of bytes', true),
  flashBytes: positive('must be a positive integer number of bytes', true),
  inferencePowerMw: positive('must be a positive number of mW, or null when unknown', false).nullable().optional(),
  source: z.string({ invalid_type_error: 'must be a string' }).optional(),
  notes: z.string({ invalid_type_error: 'must be a string' }).optional(),
}).strict(`must only have the keys ${deviceKeys.join(', ')}`);

const fileSchema = z.object({
  devices: z.array(deviceSchema, { required_error: 'must be a list of devices', invalid_type_error: 'must be a list of devices' })
    .min(1, { message: 'must list at least one device' }),
}, { invalid_type_error: 'must be an object {"devices": [...]}' }).strict('must only have the key "devices"');

/**
 * Validates user-defined devices (the parsed JSON of a device file, `{"devices": [...]}`) and returns them as
 * Devices. `where` names the file in messages. Throws HardwareError, one line per problem, naming the field, the
 * rule and the value: a missing or negative SRAM, an unknown core, a duplicate id or an id the catalog already has.
 */
export function parseDevices(json: unknown, where: string): Device[] {
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    throw new HardwareError(formatZodError(where, parsed.error, json).split('\n').map((l) => `${l} ${FIX}`).join('\n'));
  }
  const seen = new Set<string>();
  return parsed.data.devices.map((d, i) => {
    if (deviceCatalog.some((c) => c.id === d.id)) {
      throw new HardwareError(`${where}: devices.${i}.id must not be a catalog id; got "${d.id}". Choose another id (the catalog's own entry cannot be replaced).`);
    }
    if (seen.has(d.id)) throw new HardwareError(`${where}: devices.${i}.id must be unique in the file; got "${d.id}" twice. Rename one of them.`);
    seen.add(d.id);
    return Object.freeze({
      id: d.id, name: d.name ?? d.id, core: d.core, clockHz: d.clockHz, sramBytes: d.sramBytes, flashBytes: d.flashBytes,
      inferencePowerMw: d.inferencePowerMw ?? null, source: d.source ?? `user device file ${where}`, notes: d.notes ?? '',
    });
  });
}
