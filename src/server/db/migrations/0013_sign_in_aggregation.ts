import type { Kysely } from 'kysely';

/**
 * Refused sign-ins aggregated, and the sign-in log kept for a bounded time (issue 12 finding 9).
 * - sign_in_event.attempts: how many requests one row stands for (1 for every ordinary event).
 * - sign_in_event.aggregate_key: set only on an aggregated row (rate-limited refusals: one row per
 *   account or address per window); unique, so concurrent refusals add to one row on both engines.
 * - sign_in_event.last_occurred_at: the newest request an aggregated row counts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('sign_in_event')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema.alterTable('sign_in_event').addColumn('aggregate_key', 'text').execute();
  await db.schema.alterTable('sign_in_event').addColumn('last_occurred_at', 'text').execute();
  await db.schema.createIndex('sign_in_event_aggregate').on('sign_in_event').column('aggregate_key').unique().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('sign_in_event_aggregate').execute();
  for (const column of ['last_occurred_at', 'aggregate_key', 'attempts']) await db.schema.alterTable('sign_in_event').dropColumn(column).execute();
}
