import type { Kysely } from 'kysely';
import type { Database } from '../../db/types.js';
import { iso } from '../../core/clock.js';

export interface StoredSetting {
  value: unknown;
  updatedAt: Date;
  updatedBy: string | null;
}

/**
 * Organisation settings admins change at run time, one JSON document per key. Services validate
 * documents with their own zod schema on write and on read; the store only keeps them.
 */
export interface SettingsStore {
  get(key: string): Promise<StoredSetting | undefined>;
  put(key: string, value: unknown, by: string | null, at: Date): Promise<void>;
}

export function createSettingsStore(db: Kysely<Database>): SettingsStore {
  return {
    async get(key) {
      const row = await db.selectFrom('setting').selectAll().where('key', '=', key).executeTakeFirst();
      if (!row) return undefined;
      let value: unknown;
      try {
        value = JSON.parse(row.value);
      } catch {
        value = undefined;
      }
      return { value, updatedAt: new Date(row.updated_at), updatedBy: row.updated_by };
    },
    async put(key, value, by, at) {
      const row = { key, value: JSON.stringify(value), updated_at: iso(at), updated_by: by };
      await db
        .insertInto('setting')
        .values(row)
        .onConflict((oc) => oc.column('key').doUpdateSet({ value: row.value, updated_at: row.updated_at, updated_by: row.updated_by }))
        .execute();
    },
  };
}
