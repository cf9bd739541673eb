import type { Kysely } from 'kysely';

/**
 * The OAuth 2.0 / OpenID Connect server and the Graph surface (issue 15).
 * - `oauth_app`: an app registration and its service principal in one row (Entra keeps two objects;
 *   Latchkey has one organisation, so one row). `permissions`: the granted Graph application
 *   permissions as a JSON array; `consented_at` null = admin consent not yet given (no token).
 *   `directory_role`: a directory role the app itself holds (the role matrix applies to it).
 * - `oauth_app_secret`: client secrets, stored as a hash, shown once, with an expiry.
 * - `oauth_app_certificate`: public keys for private_key_jwt client assertions (JWK JSON).
 * - `oauth_signing_key`: the server's token signing keys, private part sealed with the server secret.
 * - `oidc_payload`: the authorisation server's short-lived state (codes, device codes, grants,
 *   sessions, interactions, refresh tokens), one row per model instance.
 * - `graph_operation`: the long-running operation a Graph resetPassword answers with.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('oauth_app')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('permissions', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('directory_role', 'text')
    .addColumn('redirect_uris', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('public_client', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('consented_at', 'text')
    .addColumn('consented_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('oauth_app_secret')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('app_id', 'text', (c) => c.notNull().references('oauth_app.id').onDelete('cascade'))
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('shown_prefix', 'text', (c) => c.notNull())
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('oauth_app_secret_app').on('oauth_app_secret').column('app_id').execute();
  await db.schema
    .createTable('oauth_app_certificate')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('app_id', 'text', (c) => c.notNull().references('oauth_app.id').onDelete('cascade'))
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('thumbprint', 'text', (c) => c.notNull())
    .addColumn('public_jwk', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('oauth_app_certificate_app').on('oauth_app_certificate').column('app_id').execute();
  await db.schema
    .createTable('oauth_signing_key')
    .addColumn('kid', 'text', (c) => c.primaryKey())
    .addColumn('alg', 'text', (c) => c.notNull())
    .addColumn('public_jwk', 'text', (c) => c.notNull())
    .addColumn('private_jwk_sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('retired_at', 'text')
    .execute();
  await db.schema
    .createTable('oidc_payload')
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('grant_id', 'text')
    .addColumn('user_code', 'text')
    .addColumn('uid', 'text')
    .addColumn('expires_at', 'text')
    .addColumn('consumed_at', 'text')
    .addPrimaryKeyConstraint('oidc_payload_pk', ['model', 'id'])
    .execute();
  await db.schema.createIndex('oidc_payload_grant').on('oidc_payload').column('grant_id').execute();
  await db.schema.createIndex('oidc_payload_user_code').on('oidc_payload').column('user_code').execute();
  await db.schema.createIndex('oidc_payload_uid').on('oidc_payload').column('uid').execute();
  await db.schema.createIndex('oidc_payload_expires').on('oidc_payload').column('expires_at').execute();
  await db.schema
    .createTable('graph_operation')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('status_detail', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_action_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('graph_operation_user').on('graph_operation').column('user_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['graph_operation', 'oidc_payload', 'oauth_signing_key', 'oauth_app_certificate', 'oauth_app_secret', 'oauth_app']) {
    await db.schema.dropTable(table).execute();
  }
}
