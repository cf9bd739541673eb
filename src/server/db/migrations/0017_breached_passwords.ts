import { SqliteAdapter, sql, type Kysely } from 'kysely';

/**
 * The offline breached-password list (issue 17; checklist P5), imported with `latchkey breached import`.
 * - breached_password: one row per SHA-1 (40 upper-case hex) and how often it was seen, tagged with
 *   the import that wrote it. An import writes a new generation in short batches and switches to it
 *   at the end, so the check never sees half a file and the server's writes are never blocked for long.
 * - breached_password_source: one row (id 1): the generation in use and what was imported when.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('breached_password')
    .addColumn('generation', 'integer', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('breached_password_pk', ['generation', 'hash'])
    // SQLite: the primary key is the table (one B-tree, not a table and an index): about half the size.
    .$call((b) => (db.getExecutor().adapter instanceof SqliteAdapter ? b.modifyEnd(sql`without rowid`) : b))
    .execute();
  await db.schema
    .createTable('breached_password_source')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('generation', 'integer', (c) => c.notNull())
    .addColumn('entries', 'bigint', (c) => c.notNull())
    .addColumn('bad_lines', 'bigint', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('breached_password_source').execute();
  await db.schema.dropTable('breached_password').execute();
}
