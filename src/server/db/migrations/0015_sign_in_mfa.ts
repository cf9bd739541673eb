import type { Kysely } from 'kysely';

/**
 * Sign-in MFA (issue 17; checklist A2, L9, N6).
 * - mfa_account: per user, the second-factor tries claimed in a row (`attempts`, counted before a
 *   proof is compared so concurrent guesses share the threshold), when the MFA step is locked
 *   until, and Graph's forceChangePasswordNextSignInWithMfa (`force_mfa_before_change`).
 * - mfa_remembered_device: "Don't ask again for N days": the SHA-256 of a random cookie token,
 *   bound to the user and the browser's device id (also hashed), expiring after N days.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('mfa_account')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('app_user.id').onDelete('cascade'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'text')
    .addColumn('force_mfa_before_change', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('mfa_remembered_device')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('device_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mfa_remembered_device_user').on('mfa_remembered_device').column('user_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('mfa_remembered_device').execute();
  await db.schema.dropTable('mfa_account').execute();
}
