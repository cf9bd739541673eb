import { Writable } from 'node:stream';
import pino from 'pino';
import { buildApp, type BuiltApp } from '../app.js';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { ManualClock } from '../core/clock.js';
import { newId } from '../core/crypto.js';
import type { DbHandle, Engine } from '../db/kysely.js';
import { createRepos } from '../db/repos.js';
import { loggerOptions } from '../http/logging.js';
import { createArgon2Hasher, type PasswordHasher } from '../features/passwords/hasher.js';
import type { RoleId } from '../../shared/roles.js';
import { openTestDb } from './databases.js';
import { MFA_SETTINGS_KEY, mfaOffForTests } from '../features/mfa/settings.js';

export interface TestUserInput {
  userPrincipalName: string;
  displayName?: string;
  password?: string;
  roles?: RoleId[];
  mustChangePassword?: boolean;
  accountEnabled?: boolean;
  preferredLanguage?: 'en' | 'nl';
  mail?: string;
  givenName?: string;
  surname?: string;
  department?: string;
  jobTitle?: string;
}

export interface TestApp extends BuiltApp {
  config: Config;
  db: DbHandle;
  clock: ManualClock;
  hasher: PasswordHasher;
  /** Every line the server logged, for redaction tests. */
  logs: string[];
  createUser(input: TestUserInput): Promise<{ id: string }>;
  /** Signs in through the API and returns the cookie header and CSRF token for later requests. */
  signIn(username: string, password: string): Promise<{ cookie: string; csrf: string; body: { csrfToken: string } & Record<string, unknown> }>;
  close(): Promise<void>;
}

const sharedHasher = createArgon2Hasher();

/**
 * The real application on a fresh database with a manual clock and captured logs: the test
 * instance the ARCHITECTURE guide calls createTestApp.
 */
export async function createTestApp(
  options: {
    engine?: Engine;
    hasher?: PasswordHasher;
    config?: Record<string, unknown>;
    clock?: ManualClock;
    organizationName?: string;
    db?: DbHandle;
    /**
     * 'product-defaults': keep the product's sign-in MFA policy (administrators must use MFA;
     * issue 17). Default 'off': tests that are not about MFA start with the MFA settings document
     * saying nobody is asked, so their admins sign in with a password alone.
     */
    mfa?: 'off' | 'product-defaults';
  } = {},
): Promise<TestApp> {
  // A shared `db` (two servers on one database) is closed by its owner, not by this app.
  const db = options.db ?? (await openTestDb(options.engine ?? 'sqlite'));
  const config = loadConfig(
    {},
    {
      dataDir: '.tmp/test-data',
      secret: 'test-secret-0123456789-0123456789-abcdef',
      logLevel: 'info',
      // A separate build (scripts/test.mjs builds there too) lets parallel runs not share one dist/web.
      webRoot: process.env.LATCHKEY_TEST_WEB_ROOT ?? 'dist/web',
      jobsEnabled: false,
      ...options.config,
    },
  );
  const clock = options.clock ?? new ManualClock('2026-03-01T09:00:00.000Z');
  const hasher = options.hasher ?? (await sharedHasher);
  const logs: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const logger = pino(loggerOptions('info'), stream);
  const built = await buildApp({ config, db, hasher, secret: config.secret!, clock, logger });
  await built.app.ready();
  const repos = createRepos(db.db);
  const org = await repos.organization.get();
  if (!org)
    await repos.organization.create(
      { id: newId(), name: options.organizationName ?? 'Contoso', defaultLanguage: 'en', domain: 'contoso.example' },
      clock.now(),
    );
  // The explicit, documented opt-out of default-on admin MFA for tests not about MFA (docs/mfa.md).
  if (options.mfa !== 'product-defaults' && !(await repos.settings.get(MFA_SETTINGS_KEY)))
    await repos.settings.put(MFA_SETTINGS_KEY, mfaOffForTests, null, clock.now());

  const testApp: TestApp = {
    ...built,
    config,
    db,
    clock,
    hasher,
    logs,
    async createUser(input) {
      const id = newId();
      await repos.users.insert({
        id,
        userPrincipalName: input.userPrincipalName,
        displayName: input.displayName ?? input.userPrincipalName.split('@')[0]!,
        mail: input.mail ?? input.userPrincipalName,
        givenName: input.givenName ?? null,
        surname: input.surname ?? null,
        accountEnabled: input.accountEnabled ?? true,
        preferredLanguage: input.preferredLanguage ?? null,
        department: input.department ?? null,
        jobTitle: input.jobTitle ?? null,
        passwordHash: input.password ? await hasher.hash(input.password.normalize('NFC')) : null,
        forceChangePassword: input.mustChangePassword ?? false,
        roles: input.roles ?? [],
        now: clock.now(),
      });
      return { id };
    },
    async signIn(username, password) {
      const res = await built.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      const body = res.json<{ csrfToken: string } & Record<string, unknown>>();
      return { cookie, csrf: body.csrfToken, body };
    },
    async close() {
      await built.app.close();
      if (!options.db) await db.close();
    },
  };
  return testApp;
}
