import type { Kysely } from 'kysely';

/** Smart lockout state, familiar devices and the sign-in log. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('lockout')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('app_user.id').onDelete('cascade'))
    .addColumn('familiar_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('familiar_lockouts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('familiar_locked_until', 'text')
    .addColumn('unfamiliar_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unfamiliar_lockouts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('unfamiliar_locked_until', 'text')
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('hard_locked', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('recent_wrong', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('familiar_device')
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('device_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('familiar_device_pk', ['user_id', 'device_hash'])
    .execute();

  await db.schema
    .createTable('sign_in_event')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('identifier', 'text')
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('ip_address', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('familiar', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('correlation_id', 'text')
    .execute();
  await db.schema.createIndex('sign_in_event_time').on('sign_in_event').columns(['occurred_at', 'id']).execute();
  await db.schema.createIndex('sign_in_event_user').on('sign_in_event').columns(['user_id', 'occurred_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['sign_in_event', 'familiar_device', 'lockout']) await db.schema.dropTable(table).execute();
}
