import type { Kysely } from 'kysely';

/**
 * When a session's holder last proved who they are (issue 17: sign-in MFA and step-up).
 * - session.authenticated_at: the last password (or passwordless passkey) proof; null on rows
 *   written before this migration, read as the session's creation time.
 * - session.mfa_at: the last second-factor proof (authenticator app, passkey); null = none yet.
 * Sensitive actions compare both with the step-up window (ASVS 6.3.6 / NIST 800-63B-4 §5.2).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('session').addColumn('authenticated_at', 'text').execute();
  await db.schema.alterTable('session').addColumn('mfa_at', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const column of ['mfa_at', 'authenticated_at']) await db.schema.alterTable('session').dropColumn(column).execute();
}
