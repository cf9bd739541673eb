import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../src/server/config/load.js';
import { newId } from '../../../src/server/core/crypto.js';
import { MFA_SETTINGS_KEY, mfaOffForTests } from '../../../src/server/features/mfa/settings.js';
import { defaultSsprSettings, SSPR_SETTINGS_KEY, type SsprSettings } from '../../../src/server/features/recovery/settings.js';
import { openRuntime } from '../../../src/server/runtime.js';
import { DIRECTORY_DOMAIN, seedDirectory } from '../directory.js';
import { BENCH_PASSWORD } from '../server.js';
import { configEnv } from './server-process.js';

export interface SeedOptions {
  /** Users that sign in (`signIn`), and as many again whose passwords the change-password load changes. */
  users: number;
  /** Eligible reset-portal accounts (in the SSPR group, an email address and a mobile phone registered). */
  recoveryAccounts: number;
  /** Total users in the directory, at least the ones above (100,000 for the list target). */
  directoryUsers?: number;
  /** PostgreSQL instead of SQLite (an empty database: the seeding migrates it). */
  databaseUrl?: string;
}

export interface Seeded {
  dataDir: string;
  /** The LATCHKEY_* settings every server on this data needs (data dir, database, secret, limits). */
  serverEnv: Record<string, string>;
  password: string;
  /** Sign-in users; their passwords never change. */
  signIn: string[];
  /** Users the change-password load signs in and changes (their passwords are tracked by the load child). */
  change: string[];
  /** Eligible reset-portal accounts. */
  eligible: string[];
  /** A User Administrator (the user list). */
  admin: string;
  /** The server secret (CAPTCHAs are solved with it, as the portal's own pre-solving does). */
  secret: string;
  /** The CAPTCHA difficulty the servers run with. */
  captchaMaxNumber: number;
  totalUsers: number;
  seedSeconds: number;
  /** Deletes the data directory (not a PostgreSQL database). */
  remove(): void;
}

/**
 * Limits for the benchmark: all load comes from 127.0.0.1, so the per-address limits are raised to
 * their maximum (they still run and cost what they cost). Per-account message limits are raised
 * too (the send load sends each account's flow up to 8 times); the lock after 10 sends in 10
 * minutes is fixed and the load stays under it.
 */
export const benchLimits = {
  rateLimitSignInPerIp: 1_000_000,
  rateLimitRecoveryPerIp: 1_000_000,
  rateLimitRecoverySendsPerIp: 1_000_000,
  rateLimitRecoveryVerifiesPerIp: 1_000_000,
  rateLimitRecoveryMessagesPerAccount: 1_000,
  rateLimitRecoveryMessagesPerAccountPerDay: 1_000,
  recoveryCaptchaMaxNumber: 10,
} as const;

/**
 * Seeds a data directory (and database) for servers started afterwards in their own processes:
 * the organisation, `directoryUsers` users with the demo's names (`seedDirectory`: multi-row
 * inserts in transactions), all with one password hash, a User Administrator, and the reset
 * portal on for one group holding the eligible accounts (email and mobile phone, one required).
 */
export async function seedDataDir(options: SeedOptions): Promise<Seeded> {
  const started = performance.now();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'latchkey-external-'));
  const secret = randomBytes(32).toString('base64url');
  const db = options.databaseUrl ? { databaseUrl: options.databaseUrl } : {};
  const remove = () => rmSync(dataDir, { recursive: true, force: true });
  try {
    // Environment ignored on purpose: the defaults (argon2 m=19456, t=2, p=1; SQLite WAL).
    const config = loadConfig({}, { dataDir, logLevel: 'silent', secret, ...db });
    const runtime = await openRuntime(config);
    try {
      const { repos } = runtime;
      const now = runtime.clock.now();
      await repos.organization.create({ id: newId(), name: 'Contoso (benchmark)', defaultLanguage: 'en', domain: DIRECTORY_DOMAIN }, now);
      const hash = await runtime.hasher.hash(BENCH_PASSWORD);
      const needed = 2 * options.users + options.recoveryAccounts;
      const users = await seedDirectory(runtime, Math.max(needed, options.directoryUsers ?? 0), hash, 16);
      const upns = users.map((u) => u.userPrincipalName);
      const signIn = upns.slice(0, options.users);
      const change = upns.slice(options.users, 2 * options.users);
      const eligibleUsers = users.slice(2 * options.users, needed);
      const admin = `bench.admin@${DIRECTORY_DOMAIN}`;
      await repos.users.insert({
        id: newId(),
        userPrincipalName: admin,
        displayName: 'Bench Admin',
        mail: admin,
        accountEnabled: true,
        passwordHash: hash,
        forceChangePassword: false,
        roles: ['user-administrator'],
        now,
      });
      const groupId = newId();
      await runtime.transact(async (tx) => {
        await tx.groups.create({ id: groupId, displayName: 'Self-service password reset (benchmark)' }, now);
        await tx.groups.addMembers(
          groupId,
          eligibleUsers.map((u) => u.id),
        );
        for (const [n, u] of eligibleUsers.entries()) {
          const local = u.userPrincipalName.replace(`@${DIRECTORY_DOMAIN}`, '');
          await tx.securityInfo.putMethod({ id: newId(), userId: u.id, kind: 'email', value: `${local}.private@example.net` }, now);
          await tx.securityInfo.putMethod({ id: newId(), userId: u.id, kind: 'mobilePhone', value: `+316${String(10_000_000 + n).slice(-8)}` }, now);
        }
      });
      const sspr: SsprSettings = {
        ...defaultSsprSettings,
        enabledFor: 'group',
        groupId,
        methods: { email: true, mobilePhone: true, officePhone: false, authenticatorApp: false, securityQuestions: false },
        methodsRequired: 1,
      };
      await repos.settings.put(SSPR_SETTINGS_KEY, sspr, null, now);
      // As every bench and test harness does: nobody is asked for a second factor, so the administrator's session is a full one.
      await repos.settings.put(MFA_SETTINGS_KEY, mfaOffForTests, null, now);
      return {
        dataDir,
        serverEnv: configEnv({ dataDir, secret, ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}), ...benchLimits }),
        password: BENCH_PASSWORD,
        signIn,
        change,
        eligible: eligibleUsers.map((u) => u.userPrincipalName),
        admin,
        secret,
        captchaMaxNumber: benchLimits.recoveryCaptchaMaxNumber,
        totalUsers: users.length + 1,
        seedSeconds: (performance.now() - started) / 1000,
        remove,
      };
    } finally {
      await runtime.close();
    }
  } catch (err) {
    remove();
    throw err;
  }
}
