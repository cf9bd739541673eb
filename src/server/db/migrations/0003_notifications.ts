import type { Kysely } from 'kysely';

/**
 * The notification outbox gets a lease (so several servers can share it), the user it concerns,
 * a per-attempt delivery log, and the dev mailbox used when no SMTP server is configured.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('outbox').addColumn('user_id', 'text').execute();
  await db.schema.alterTable('outbox').addColumn('claimed_until', 'text').execute();
  await db.schema.alterTable('outbox').addColumn('subject', 'text').execute();
  await db.schema.createIndex('outbox_created').on('outbox').columns(['created_at', 'id']).execute();

  await db.schema
    .createTable('outbox_attempt')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('outbox_id', 'text', (c) => c.notNull().references('outbox.id').onDelete('cascade'))
    .addColumn('attempted_at', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('detail', 'text')
    .execute();
  await db.schema.createIndex('outbox_attempt_outbox').on('outbox_attempt').columns(['outbox_id', 'attempted_at']).execute();

  await db.schema
    .createTable('dev_mailbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('outbox_id', 'text')
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('html_body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('dev_mailbox_created').on('dev_mailbox').columns(['created_at', 'id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('dev_mailbox').execute();
  await db.schema.dropTable('outbox_attempt').execute();
  await db.schema.dropIndex('outbox_created').execute();
  await db.schema.alterTable('outbox').dropColumn('subject').execute();
  await db.schema.alterTable('outbox').dropColumn('claimed_until').execute();
  await db.schema.alterTable('outbox').dropColumn('user_id').execute();
}
