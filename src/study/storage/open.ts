import { PostgresStorage } from './postgres.js';
import { DEFAULT_STORAGE_PATH, SqliteStorage } from './sqlite.js';
import type { QueueStorage } from './types.js';

/** Whether a storage argument names a PostgreSQL database rather than an SQLite file. */
export function isPostgresUrl(storage: string): boolean {
  return /^postgres(ql)?:\/\//i.test(storage);
}

/**
 * Opens the storage a `--storage` argument names: `postgres://user:pass@host:port/db` (or `postgresql://`) for a
 * PostgreSQL database shared by workers on several machines; anything else is an SQLite file path (an optional
 * `sqlite:` prefix is dropped). Errors are StorageFileError, with the URL's password hidden.
 */
export async function openStorage(storage: string = DEFAULT_STORAGE_PATH): Promise<QueueStorage> {
  if (isPostgresUrl(storage)) return PostgresStorage.open(storage);
  return new SqliteStorage(storage.replace(/^sqlite:/i, ''));
}
