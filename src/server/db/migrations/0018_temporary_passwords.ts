import type { Kysely } from 'kysely';

/**
 * Generated temporary passwords (issue 17; checklist A4): while a user's current password is one
 * an admin reset or a bulk job generated, this row says until when it may be used to sign in.
 * Any later password write deletes it; past `expires_at`, sign-in with it fails like a wrong password.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('temporary_password')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('app_user.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('temporary_password').execute();
}
