import type { Kysely } from 'kysely';
import type { Database } from './types.js';
import { createAuditStore, type AuditStore } from '../features/audit/store.js';
import { createSessionStore, type SessionStore } from '../features/auth/session-store.js';
import { createOrganizationStore, type OrganizationStore } from '../features/organization/store.js';
import { createUserStore, type UserStore } from '../features/users/store.js';
import { createSettingsStore, type SettingsStore } from '../features/settings/store.js';
import { createPasswordHistoryStore, type PasswordHistoryStore } from '../features/policy/history-store.js';
import { createOutboxStore, type OutboxStore } from '../features/notifications/outbox-store.js';
import { createLockoutStore, type LockoutStore } from '../features/lockout/store.js';
import { createSignInStore, type SignInStore } from '../features/sign-ins/store.js';
import { createRateLimitStore, type RateLimitStore } from '../features/rate-limit/store.js';
import { createResetJobStore, type ResetJobStore } from '../features/admin-reset/job-store.js';
import { createGroupStore, type GroupStore } from '../features/groups/store.js';
import { createPasswordLinkStore, type PasswordLinkStore } from '../features/password-links/store.js';
import { createSecurityInfoStore, type SecurityInfoStore } from '../features/security-info/store.js';
import { createRecoveryStore, type RecoveryStore } from '../features/recovery/store.js';
import { createBreachedPasswordStore, type BreachedPasswordStore } from '../features/policy/breached/store.js';
import { createMfaStore, type MfaStore } from '../features/mfa/store.js';
import { createPasskeyStore, type PasskeyStore } from '../features/passkeys/store.js';
import { createTemporaryPasswordStore, type TemporaryPasswordStore } from '../features/admin-reset/temporary-store.js';
import { createDirectoryStore, type DirectoryStore } from '../features/directory/store.js';
import { createDirectoryLockStore, type DirectoryLockStore } from '../features/directory/lock-store.js';
import { createDirectoryWriteClaimStore, type DirectoryWriteClaimStore } from '../features/directory/write-claim-store.js';
import { createAppStore, type AppStore } from '../features/apps/store.js';
import { createOidcStore, type OidcStore } from '../features/oauth/oidc-store.js';
import { createSigningKeyStore, type SigningKeyStore } from '../features/oauth/key-store.js';
import { createGraphOperationStore, type GraphOperationStore } from '../features/admin-reset/graph-operation-store.js';

/** Every store, bound to one executor: the database, or one transaction. */
export interface Repos {
  users: UserStore;
  sessions: SessionStore;
  audit: AuditStore;
  organization: OrganizationStore;
  settings: SettingsStore;
  passwordHistory: PasswordHistoryStore;
  outbox: OutboxStore;
  lockout: LockoutStore;
  signIns: SignInStore;
  rateLimits: RateLimitStore;
  resetJobs: ResetJobStore;
  groups: GroupStore;
  passwordLinks: PasswordLinkStore;
  securityInfo: SecurityInfoStore;
  recovery: RecoveryStore;
  breachedPasswords: BreachedPasswordStore;
  mfa: MfaStore;
  passkeys: PasskeyStore;
  temporaryPasswords: TemporaryPasswordStore;
  directoryLocks: DirectoryLockStore;
  directoryWrites: DirectoryWriteClaimStore;
  /** App registrations, secrets and certificates (issue 15). */
  apps: AppStore;
  /** The OAuth server's state (issue 15). */
  oidc: OidcStore;
  /** Token signing keys (issue 15). */
  signingKeys: SigningKeyStore;
  /** Graph resetPassword operations (issue 15). */
  graphOperations: GraphOperationStore;
  directory: DirectoryStore;
}

/** How each store is made; `createRepos` makes a store the first time it is used. */
const factories: { [K in keyof Repos]: (db: Kysely<Database>) => Repos[K] } = {
  users: createUserStore,
  sessions: createSessionStore,
  audit: createAuditStore,
  organization: createOrganizationStore,
  settings: createSettingsStore,
  passwordHistory: createPasswordHistoryStore,
  outbox: createOutboxStore,
  lockout: createLockoutStore,
  signIns: createSignInStore,
  rateLimits: createRateLimitStore,
  resetJobs: createResetJobStore,
  groups: createGroupStore,
  passwordLinks: createPasswordLinkStore,
  securityInfo: createSecurityInfoStore,
  recovery: createRecoveryStore,
  breachedPasswords: createBreachedPasswordStore,
  mfa: createMfaStore,
  passkeys: createPasskeyStore,
  temporaryPasswords: createTemporaryPasswordStore,
  directoryLocks: createDirectoryLockStore,
  directoryWrites: createDirectoryWriteClaimStore,
  apps: createAppStore,
  oidc: createOidcStore,
  signingKeys: createSigningKeyStore,
  graphOperations: createGraphOperationStore,
  directory: createDirectoryStore,
};

const DB = Symbol('db');

/**
 * Repos whose stores are made the first time they are read, for that executor, and then kept as
 * plain properties. A transaction used to build all 26 stores up front, about 1.5 ms on a sign-in's
 * three transactions (issue 16); now it builds the two or three it touches. The accessors live on
 * the prototype, so making a `Repos` costs one small object; `{ ...tx }` does not see the stores
 * (use `Object.create(tx)` to override one).
 */
class LazyRepos {
  readonly [DB]: Kysely<Database>;
  constructor(db: Kysely<Database>) {
    this[DB] = db;
  }
}
for (const name of Object.keys(factories) as (keyof Repos)[]) {
  Object.defineProperty(LazyRepos.prototype, name, {
    configurable: false,
    get(this: LazyRepos) {
      const store = factories[name](this[DB]);
      // Configurable and writable, so a test may wrap a transaction's repos in a Proxy that hands out wrapped stores.
      Object.defineProperty(this, name, { value: store, enumerable: true, configurable: true, writable: true });
      return store;
    },
  });
}

export function createRepos(db: Kysely<Database>): Repos {
  return new LazyRepos(db) as unknown as Repos;
}

/** Runs `work` in one database transaction; a change and its audit event commit or roll back together. */
export type Transact = <T>(work: (repos: Repos) => Promise<T>) => Promise<T>;

export function createTransact(db: Kysely<Database>): Transact {
  return (work) => db.transaction().execute((trx) => work(createRepos(trx)));
}
