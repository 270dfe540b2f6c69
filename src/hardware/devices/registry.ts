import { HardwareError } from '../errors.js';
import { deviceCatalog } from './catalog.js';
import type { Device } from './types.js';

/** The catalog followed by user-defined devices (ids are unique across both; `parseDevices` checks that). */
export function allDevices(extra: readonly Device[] = []): readonly Device[] {
  return extra.length === 0 ? deviceCatalog : [...deviceCatalog, ...extra];
}

/**
 * The device with this id, from the catalog or `extra`. Throws HardwareError listing every known id when there is
 * none, e.g. `device: id must be one of stm32f746, ...; got "stm32f999". Add it to a device file (--devices).`
 */
export function findDevice(id: string, extra: readonly Device[] = []): Device {
  const devices = allDevices(extra);
  const found = devices.find((d) => d.id === id);
  if (found) return found;
  const near = devices.filter((d) => d.id.includes(id.toLowerCase()) || id.toLowerCase().includes(d.id)).map((d) => d.id);
  const hint = near.length > 0 ? ` Did you mean ${near.join(' or ')}?` : '';
  throw new HardwareError(`device: id must be one of ${devices.map((d) => d.id).join(', ')}; got ${JSON.stringify(id)}.${hint} Ids are lower-case part names; define other boards in a device file (--devices).`);
}
