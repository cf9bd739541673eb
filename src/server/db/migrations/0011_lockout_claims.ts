import type { Kysely } from 'kysely';

/**
 * Race-free smart lockout and token-bucket rate limits (issue 12; checklist L7).
 * - lockout: per device class, the attempts claimed and still being compared (`*_pending`) and
 *   when those claims lapse (`*_pending_until`), so a crashed request cannot hold a claim forever.
 * - rate_limit: the token bucket's theoretical arrival time in epoch microseconds (GCRA); rows
 *   written by the fixed-window counters leave it null.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of ['familiar_pending', 'unfamiliar_pending']) {
    await db.schema
      .alterTable('lockout')
      .addColumn(column, 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
  }
  for (const column of ['familiar_pending_until', 'unfamiliar_pending_until']) await db.schema.alterTable('lockout').addColumn(column, 'text').execute();
  await db.schema.alterTable('rate_limit').addColumn('tat_us', 'bigint').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('rate_limit').dropColumn('tat_us').execute();
  for (const column of ['familiar_pending', 'familiar_pending_until', 'unfamiliar_pending', 'unfamiliar_pending_until']) {
    await db.schema.alterTable('lockout').dropColumn(column).execute();
  }
}
