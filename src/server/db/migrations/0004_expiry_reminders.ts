import type { Kysely } from 'kysely';

/** Which password (by its change time) a user was last reminded about, so each gets one reminder. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('app_user').addColumn('expiry_reminded_for', 'text').execute();
  await db.schema.createIndex('app_user_last_password_change').on('app_user').column('last_password_change_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('app_user_last_password_change').execute();
  await db.schema.alterTable('app_user').dropColumn('expiry_reminded_for').execute();
}
