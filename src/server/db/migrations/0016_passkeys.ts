import type { Kysely } from 'kysely';

/**
 * Passkeys (WebAuthn; issue 17).
 * - passkey_credential: a user's registered passkeys: the credential id the authenticator gave
 *   (base64url, unique), its COSE public key (base64url), the signature counter, transports,
 *   AAGUID, the name the user gave it, whether it is backed up (synced), created and last used.
 * - passkey_challenge: the challenges handed out, stored as SHA-256 only, bound to what they were
 *   issued for (`binding`: a user for registration, a session or reset flow for an assertion),
 *   short-lived and single use: redeeming deletes the row, so one of any number of concurrent
 *   redemptions wins (checklist R5, R6).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('passkey_credential')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('credential_id', 'text', (c) => c.notNull().unique())
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('public_key', 'text', (c) => c.notNull())
    .addColumn('counter', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('transports', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('aaguid', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('backed_up', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .execute();
  await db.schema.createIndex('passkey_credential_user').on('passkey_credential').column('user_id').execute();
  await db.schema
    .createTable('passkey_challenge')
    .addColumn('challenge_hash', 'text', (c) => c.primaryKey())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('binding', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('passkey_challenge_expiry').on('passkey_challenge').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('passkey_challenge').execute();
  await db.schema.dropTable('passkey_credential').execute();
}
