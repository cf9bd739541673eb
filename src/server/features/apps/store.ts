import type { JsonWebKey } from 'node:crypto';
import type { Kysely, Selectable } from 'kysely';
import { iso } from '../../core/clock.js';
import type { Database, OAuthAppCertificateTable, OAuthAppSecretTable, OAuthAppTable } from '../../db/types.js';
import { isGraphAppPermission, type GraphAppPermission } from '../../../shared/apps.js';
import { isRoleId, type RoleId } from '../../../shared/roles.js';

/*
 * App registrations (issue 15): the app with its service principal, its client secrets (hashes
 * only) and its certificates (public keys only). Read by the OAuth server to authenticate
 * clients, written by the apps service. Never throws HTTP errors.
 */

export interface RegisteredApp {
  /** The object id. */
  id: string;
  /** The application (client) id. */
  clientId: string;
  displayName: string;
  /** Granted Graph application permissions (shared/apps.ts). */
  permissions: GraphAppPermission[];
  /** A directory role the app itself holds; null = none. */
  directoryRole: RoleId | null;
  redirectUris: string[];
  publicClient: boolean;
  enabled: boolean;
  /** Admin consent: when and by whom (a user id, or the console's name). */
  consentedAt: Date | null;
  consentedBy: string | null;
  createdAt: Date;
  createdBy: string | null;
  updatedAt: Date;
}

export interface AppSecret {
  id: string;
  appId: string;
  displayName: string;
  /** The first three characters of the value. */
  hint: string;
  /** HMAC of the value under the server secret (features/apps/secrets.ts): secrets are random, 256 bits. */
  secretHash: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface AppCertificate {
  id: string;
  appId: string;
  displayName: string;
  /** SHA-1 thumbprint of the DER certificate, upper-case hex. */
  thumbprint: string;
  /** The certificate's public key as a JWK. */
  publicJwk: JsonWebKey;
  createdAt: Date;
  expiresAt: Date;
}

export type AppChange = Partial<
  Pick<RegisteredApp, 'displayName' | 'permissions' | 'directoryRole' | 'redirectUris' | 'publicClient' | 'enabled' | 'consentedAt' | 'consentedBy'>
>;

export interface AppStore {
  create(app: RegisteredApp): Promise<void>;
  findById(id: string): Promise<RegisteredApp | undefined>;
  findByClientId(clientId: string): Promise<RegisteredApp | undefined>;
  /** Every app, by display name. */
  list(): Promise<RegisteredApp[]>;
  /** @returns false when there is no such app */
  update(id: string, change: AppChange, at: Date): Promise<boolean>;
  /** Deletes the app with its secrets and certificates. @returns false when there is no such app */
  delete(id: string): Promise<boolean>;
  addSecret(secret: AppSecret): Promise<void>;
  /** The app's secrets, newest first (expired ones included). */
  secretsOf(appId: string): Promise<AppSecret[]>;
  deleteSecret(appId: string, secretId: string): Promise<boolean>;
  addCertificate(certificate: AppCertificate): Promise<void>;
  certificatesOf(appId: string): Promise<AppCertificate[]>;
  deleteCertificate(appId: string, certificateId: string): Promise<boolean>;
}

export function createAppStore(db: Kysely<Database>): AppStore {
  return {
    async create(app) {
      await db.insertInto('oauth_app').values(toRow(app)).execute();
    },
    async findById(id) {
      const row = await db.selectFrom('oauth_app').selectAll().where('id', '=', id).executeTakeFirst();
      return row && fromRow(row);
    },
    async findByClientId(clientId) {
      const row = await db.selectFrom('oauth_app').selectAll().where('client_id', '=', clientId).executeTakeFirst();
      return row && fromRow(row);
    },
    async list() {
      const rows = await db.selectFrom('oauth_app').selectAll().orderBy('display_name').orderBy('id').execute();
      return rows.map(fromRow);
    },
    async update(id, change, at) {
      const set: Partial<OAuthAppTable> = { updated_at: iso(at) };
      if (change.displayName !== undefined) set.display_name = change.displayName;
      if (change.permissions !== undefined) set.permissions = JSON.stringify(change.permissions);
      if (change.directoryRole !== undefined) set.directory_role = change.directoryRole;
      if (change.redirectUris !== undefined) set.redirect_uris = JSON.stringify(change.redirectUris);
      if (change.publicClient !== undefined) set.public_client = change.publicClient ? 1 : 0;
      if (change.enabled !== undefined) set.enabled = change.enabled ? 1 : 0;
      if (change.consentedAt !== undefined) set.consented_at = change.consentedAt ? iso(change.consentedAt) : null;
      if (change.consentedBy !== undefined) set.consented_by = change.consentedBy;
      const result = await db.updateTable('oauth_app').set(set).where('id', '=', id).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async delete(id) {
      // Children first: SQLite enforces the foreign keys only where the connection enables them.
      await db.deleteFrom('oauth_app_secret').where('app_id', '=', id).execute();
      await db.deleteFrom('oauth_app_certificate').where('app_id', '=', id).execute();
      const result = await db.deleteFrom('oauth_app').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async addSecret(secret) {
      await db
        .insertInto('oauth_app_secret')
        .values({
          id: secret.id,
          app_id: secret.appId,
          display_name: secret.displayName,
          shown_prefix: secret.hint,
          secret_hash: secret.secretHash,
          created_at: iso(secret.createdAt),
          expires_at: iso(secret.expiresAt),
        })
        .execute();
    },
    async secretsOf(appId) {
      const rows = await db.selectFrom('oauth_app_secret').selectAll().where('app_id', '=', appId).orderBy('created_at', 'desc').orderBy('id').execute();
      return rows.map(secretFromRow);
    },
    async deleteSecret(appId, secretId) {
      const result = await db.deleteFrom('oauth_app_secret').where('app_id', '=', appId).where('id', '=', secretId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    async addCertificate(certificate) {
      await db
        .insertInto('oauth_app_certificate')
        .values({
          id: certificate.id,
          app_id: certificate.appId,
          display_name: certificate.displayName,
          thumbprint: certificate.thumbprint,
          public_jwk: JSON.stringify(certificate.publicJwk),
          created_at: iso(certificate.createdAt),
          expires_at: iso(certificate.expiresAt),
        })
        .execute();
    },
    async certificatesOf(appId) {
      const rows = await db.selectFrom('oauth_app_certificate').selectAll().where('app_id', '=', appId).orderBy('created_at', 'desc').orderBy('id').execute();
      return rows.map(certificateFromRow);
    },
    async deleteCertificate(appId, certificateId) {
      const result = await db.deleteFrom('oauth_app_certificate').where('app_id', '=', appId).where('id', '=', certificateId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
  };
}

function toRow(app: RegisteredApp): OAuthAppTable {
  return {
    id: app.id,
    client_id: app.clientId,
    display_name: app.displayName,
    permissions: JSON.stringify(app.permissions),
    directory_role: app.directoryRole,
    redirect_uris: JSON.stringify(app.redirectUris),
    public_client: app.publicClient ? 1 : 0,
    enabled: app.enabled ? 1 : 0,
    consented_at: app.consentedAt ? iso(app.consentedAt) : null,
    consented_by: app.consentedBy,
    created_at: iso(app.createdAt),
    created_by: app.createdBy,
    updated_at: iso(app.updatedAt),
  };
}

function fromRow(row: Selectable<OAuthAppTable>): RegisteredApp {
  const role = row.directory_role;
  return {
    id: row.id,
    clientId: row.client_id,
    displayName: row.display_name,
    permissions: jsonArray(row.permissions).filter(isGraphAppPermission),
    directoryRole: role && isRoleId(role) ? role : null,
    redirectUris: jsonArray(row.redirect_uris),
    publicClient: Number(row.public_client) === 1,
    enabled: Number(row.enabled) === 1,
    consentedAt: row.consented_at ? new Date(row.consented_at) : null,
    consentedBy: row.consented_by,
    createdAt: new Date(row.created_at),
    createdBy: row.created_by,
    updatedAt: new Date(row.updated_at),
  };
}

function secretFromRow(row: Selectable<OAuthAppSecretTable>): AppSecret {
  return {
    id: row.id,
    appId: row.app_id,
    displayName: row.display_name,
    hint: row.shown_prefix,
    secretHash: row.secret_hash,
    createdAt: new Date(row.created_at),
    expiresAt: new Date(row.expires_at),
  };
}

function certificateFromRow(row: Selectable<OAuthAppCertificateTable>): AppCertificate {
  return {
    id: row.id,
    appId: row.app_id,
    displayName: row.display_name,
    thumbprint: row.thumbprint,
    publicJwk: JSON.parse(row.public_jwk) as JsonWebKey,
    createdAt: new Date(row.created_at),
    expiresAt: new Date(row.expires_at),
  };
}

function jsonArray(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}
