import { SqliteAdapter, sql, type Kysely } from 'kysely';
import { iso } from '../../../core/clock.js';
import type { Database } from '../../../db/types.js';

/** The imported breached-password list in use: what `latchkey breached import` last finished. */
export interface BreachedImportInfo {
  entries: number;
  badLines: number;
  fileName: string;
  importedAt: Date;
}

/**
 * The offline breached-password list (migration 0017; checklist P5). An import writes a new
 * generation in short transactions and switches to it at the end: the check keeps reading the
 * previous list until then, and an interrupted import leaves only rows nobody reads (cleared by the
 * next import).
 */
export interface BreachedPasswordStore {
  /** How often the imported list has seen this SHA-1 (40 hex); 0 when not in it; null when no list is imported. */
  count(sha1: string): Promise<number | null>;
  /** The list in use, or null. */
  current(): Promise<BreachedImportInfo | null>;
  /** Starts an import: drops the leftovers of an interrupted one. @returns the new generation to write. */
  beginImport(): Promise<number>;
  /** Writes SHA-1/count pairs (upper-case hex) to `generation`, in one transaction; a hash met twice keeps its larger count. */
  insertBatch(generation: number, rows: readonly (readonly [string, number])[]): Promise<void>;
  /** Switches the check to `generation` and deletes every older one. @returns the distinct hashes stored. */
  finishImport(generation: number, info: { badLines: number; fileName: string; at: Date }): Promise<number>;
}

/** Rows per INSERT statement: 3 parameters each, well under SQLite's 32,766 and PostgreSQL's 65,535. */
const ROWS_PER_STATEMENT = 2000;

export function createBreachedPasswordStore(db: Kysely<Database>): BreachedPasswordStore {
  async function insertInto(executor: Kysely<Database>, generation: number, given: readonly (readonly [string, number])[]) {
    // In key order, the inserts walk the B-tree instead of jumping around it (a sorted HIBP file already is).
    const rows = [...given].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
      // One statement may not touch a row twice (PostgreSQL): duplicates within it keep the larger count here.
      const unique = new Map<string, number>();
      for (const [hash, count] of rows.slice(start, start + ROWS_PER_STATEMENT)) unique.set(hash, Math.max(count, unique.get(hash) ?? 0));
      await executor
        .insertInto('breached_password')
        .values([...unique].map(([hash, count]) => ({ generation, hash, count })))
        .onConflict((oc) =>
          oc
            .columns(['generation', 'hash'])
            .doUpdateSet({ count: (eb) => eb.ref('excluded.count') })
            .where((eb) => eb('excluded.count', '>', eb.ref('breached_password.count'))),
        )
        .execute();
    }
  }

  return {
    async count(sha1) {
      const row = await db
        .selectFrom('breached_password_source as s')
        .leftJoin('breached_password as b', (join) => join.onRef('b.generation', '=', 's.generation').on('b.hash', '=', sha1.toUpperCase()))
        .select('b.count')
        .where('s.id', '=', 1)
        .executeTakeFirst();
      if (!row) return null;
      return row.count === null ? 0 : Number(row.count);
    },

    async current() {
      const row = await db.selectFrom('breached_password_source').selectAll().where('id', '=', 1).executeTakeFirst();
      if (!row) return null;
      return { entries: Number(row.entries), badLines: Number(row.bad_lines), fileName: row.file_name, importedAt: new Date(row.imported_at) };
    },

    async beginImport() {
      // SQLite: a larger page cache for this connection (the CLI's) keeps random inserts off the disk.
      if (db.getExecutor().adapter instanceof SqliteAdapter) await sql`pragma cache_size = -262144`.execute(db);
      const source = await db.selectFrom('breached_password_source').select('generation').where('id', '=', 1).executeTakeFirst();
      const inUse = source?.generation ?? 0;
      await db.deleteFrom('breached_password').where('generation', '>', inUse).execute();
      return inUse + 1;
    },

    async insertBatch(generation, rows) {
      if (rows.length === 0) return;
      if (db.isTransaction) return insertInto(db, generation, rows);
      await db.transaction().execute((trx) => insertInto(trx, generation, rows));
    },

    async finishImport(generation, info) {
      const counted = await db
        .selectFrom('breached_password')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('generation', '=', generation)
        .executeTakeFirstOrThrow();
      const entries = Number(counted.n);
      const values = { generation, entries, bad_lines: info.badLines, file_name: info.fileName, imported_at: iso(info.at) };
      await db
        .insertInto('breached_password_source')
        .values({ id: 1, ...values })
        .onConflict((oc) => oc.column('id').doUpdateSet(values))
        .execute();
      // After the switch: the check reads only `generation` from here on.
      await db.deleteFrom('breached_password').where('generation', '<', generation).execute();
      return entries;
    },
  };
}
