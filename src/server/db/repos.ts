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

export function createRepos(db: Kysely<Database>): Repos {
  return {
    users: createUserStore(db),
    sessions: createSessionStore(db),
    audit: createAuditStore(db),
    organization: createOrganizationStore(db),
    settings: createSettingsStore(db),
    passwordHistory: createPasswordHistoryStore(db),
    outbox: createOutboxStore(db),
    lockout: createLockoutStore(db),
    signIns: createSignInStore(db),
    rateLimits: createRateLimitStore(db),
    resetJobs: createResetJobStore(db),
    groups: createGroupStore(db),
    passwordLinks: createPasswordLinkStore(db),
    securityInfo: createSecurityInfoStore(db),
    recovery: createRecoveryStore(db),
    breachedPasswords: createBreachedPasswordStore(db),
    mfa: createMfaStore(db),
    passkeys: createPasskeyStore(db),
    temporaryPasswords: createTemporaryPasswordStore(db),
    directoryLocks: createDirectoryLockStore(db),
    directoryWrites: createDirectoryWriteClaimStore(db),
    apps: createAppStore(db),
    oidc: createOidcStore(db),
    signingKeys: createSigningKeyStore(db),
    graphOperations: createGraphOperationStore(db),
    directory: createDirectoryStore(db),
  };
}

/** Runs `work` in one database transaction; a change and its audit event commit or roll back together. */
export type Transact = <T>(work: (repos: Repos) => Promise<T>) => Promise<T>;

export function createTransact(db: Kysely<Database>): Transact {
  return (work) => db.transaction().execute((trx) => work(createRepos(trx)));
}
