import { newId } from '../../src/server/core/crypto.js';
import { createRepos, type Repos } from '../../src/server/db/repos.js';
import type { Engine } from '../../src/server/db/kysely.js';
import { createTestApp, type TestApp } from '../../src/server/testing/test-app.js';
import { solveCaptcha } from '../../src/server/testing/recovery.js';
import { roleIds, type RoleId } from '../../src/shared/roles.js';

/** Everyone the fuzzer sends requests as: nobody, a user without a role, and one user per admin role. */
export const identityNames: readonly string[] = ['anonymous', 'user', ...roleIds];

export const PASSWORD = 'Harbor-Quilt-Zebra-Orbit-42!';
const VICTIMS = 12;
const DOMAIN = 'contoso.example';

export interface Identity {
  name: string;
  userId: string;
  upn: string;
  roles: RoleId[];
  cookie: string;
  csrf: string;
  device: string;
}

/**
 * The real application (createTestApp: argon2id at the OWASP floor, a manual clock, jobs off) on
 * a fresh database, with a user per role signed in through the API and a pool of victim users the
 * requests act on. `repair` puts the signed-in users back after a batch (fuzzed requests delete,
 * disable, demote and lock them), so every batch runs with every role.
 */
export async function createWorld(engine: Engine) {
  const app: TestApp = await createTestApp({ engine, config: { recoveryCaptchaMaxNumber: 10 } });
  const repos: Repos = createRepos(app.db.db);
  const hash = await app.hasher.hash(PASSWORD);
  const identities = new Map<string, Identity>();
  /** Ids seen in responses, by the collection path they belong to (`/api/v1/users`, …). */
  const pools = new Map<string, string[]>();
  const captchas: string[] = [];
  let victimCounter = 0;
  let harnessRequests = 0;

  function remember(pool: string, id: string): void {
    const list = pools.get(pool) ?? [];
    if (list.includes(id)) return;
    list.push(id);
    if (list.length > 64) list.shift();
    pools.set(pool, list);
  }

  async function insertUser(id: string, upn: string, roles: RoleId[]): Promise<void> {
    const result = await repos.users.insert({
      id,
      userPrincipalName: upn,
      displayName: upn.split('@')[0]!,
      mail: upn,
      passwordHash: hash,
      forceChangePassword: false,
      roles,
      now: app.clock.now(),
    });
    if (result !== 'created') throw new Error(`fuzz world: could not create ${upn}`);
    await repos.users.setFlags(id, { disablePasswordExpiration: true }, app.clock.now());
  }

  async function addVictim(): Promise<void> {
    const n = ++victimCounter;
    const id = newId();
    // A few victims hold admin roles, so the reset matrix and the sensitive-field rules come into play.
    const roles: RoleId[] = n % 4 === 0 ? [roleIds[n % roleIds.length]!] : [];
    await insertUser(id, `victim-${n}@${DOMAIN}`, roles);
    // An alternate email on record, so reset portal flows for victims can send and check codes.
    await repos.securityInfo.putMethod({ id: newId(), userId: id, kind: 'email', value: `victim-${n}@fabrikam.example` }, app.clock.now());
    remember('/api/v1/users', id);
  }

  async function signIn(identity: Identity): Promise<void> {
    for (let attempt = 0; attempt < 4; attempt++) {
      harnessRequests++;
      const res = await app.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { username: identity.upn, password: PASSWORD },
        headers: identity.device ? { cookie: identity.device } : {},
        remoteAddress: '10.250.0.1',
      });
      if (res.statusCode === 200) {
        const cookies = new Map(res.cookies.map((c) => [c.name, `${c.name}=${c.value}`]));
        identity.cookie = [...cookies.values()].join('; ');
        const device = [...cookies.entries()].find(([name]) => name.endsWith('latchkey_device'))?.[1];
        if (device) identity.device = device;
        if (identity.device && !identity.cookie.includes(identity.device)) identity.cookie += `; ${identity.device}`;
        identity.csrf = res.json<{ csrfToken: string }>().csrfToken;
        return;
      }
      // Fuzzed sign-ins may have used up the account's per-minute allowance: wait it out.
      app.clock.advance(61_000);
    }
    throw new Error(`fuzz world: ${identity.name} cannot sign in again`);
  }

  /** Self-service reset for everyone with every method, set as an admin would, so the portal's deeper steps get requests too. */
  async function enableSelfServiceReset(ga: Identity): Promise<void> {
    const url = '/api/v1/settings/self-service-password-reset';
    const current = await app.app.inject({ method: 'GET', url, headers: { cookie: ga.cookie } });
    const methods = { email: true, mobilePhone: true, officePhone: true, authenticatorApp: true, securityQuestions: true };
    const res = await app.app.inject({
      method: 'PUT',
      url,
      headers: { cookie: ga.cookie, 'x-csrf-token': ga.csrf },
      payload: { ...current.json<object>(), enabledFor: 'all', methods, methodsRequired: 1 },
    });
    if (res.statusCode !== 200) throw new Error(`fuzz world: could not enable self-service reset: ${res.statusCode} ${res.body}`);
  }

  /** Puts one signed-in user back: present, enabled, with its role only, its password, not locked, signed in. */
  async function restore(identity: Identity): Promise<void> {
    const now = app.clock.now();
    let user = await repos.users.findById(identity.userId);
    if (!user) {
      identity.upn = `${identity.name}-${++victimCounter}@${DOMAIN}`;
      await insertUser(identity.userId, identity.upn, identity.roles);
      user = (await repos.users.findById(identity.userId))!;
    }
    identity.upn = user.userPrincipalName;
    if (user.passwordHash !== hash) await repos.users.setPasswordHash(identity.userId, hash, now, { changed: true });
    await repos.users.setFlags(identity.userId, { accountEnabled: true, forceChangePassword: false, disablePasswordExpiration: true }, now);
    const roles = (await repos.users.rolesOf([identity.userId])).get(identity.userId) ?? [];
    for (const role of roles) if (!identity.roles.includes(role)) await repos.users.removeRole(identity.userId, role);
    for (const role of identity.roles) if (!roles.includes(role)) await repos.users.assignRole(identity.userId, role, now);
    await app.db.db.deleteFrom('lockout').where('user_id', '=', identity.userId).execute();
    harnessRequests++;
    const me = await app.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie: identity.cookie }, remoteAddress: '10.250.0.1' });
    const body = me.statusCode === 200 ? me.json<{ user?: { id?: string }; passwordChangeRequired?: boolean }>() : null;
    if (!body || body.user?.id !== identity.userId || body.passwordChangeRequired) await signIn(identity);
  }

  let mailSince = app.clock.now().toISOString();
  /** Codes and set-password link tokens from the dev mailbox, as their recipients would read them. */
  async function readMail(): Promise<void> {
    const rows = await app.db.db.selectFrom('dev_mailbox').select(['text_body', 'created_at']).where('created_at', '>=', mailSince).execute();
    for (const row of rows) {
      for (const m of row.text_body.matchAll(/\b(\d{8})\b/g)) remember('code', m[1]!);
      for (const m of row.text_body.matchAll(/token=([A-Za-z0-9_-]{20,128})/g)) remember('token', m[1]!);
      if (row.created_at > mailSince) mailSince = row.created_at;
    }
  }

  async function repair(): Promise<void> {
    app.logs.length = 0; // createTestApp keeps every log line; a long run must not.
    await readMail();
    for (const identity of identities.values()) await restore(identity);
    const victims = await app.db.db.selectFrom('app_user').select('id').where('upn_key', 'like', 'victim-%').execute();
    for (let i = victims.length; i < VICTIMS; i++) await addVictim();
    // A few solved CAPTCHAs, so that some reset portal flows get past the proof of work.
    while (captchas.length < 4) {
      harnessRequests++;
      const challenge = await app.app.inject({ method: 'GET', url: '/api/v1/recovery/captcha', remoteAddress: '10.250.0.2' });
      captchas.push(solveCaptcha(challenge.json()));
    }
  }

  for (const name of identityNames) {
    if (name === 'anonymous') continue;
    const roles = name === 'user' ? [] : [name as RoleId];
    const identity: Identity = { name, userId: newId(), upn: `fz-${name}@${DOMAIN}`, roles, cookie: '', csrf: '', device: '' };
    await insertUser(identity.userId, identity.upn, roles);
    remember('/api/v1/users', identity.userId);
    identities.set(name, identity);
    await signIn(identity);
  }
  for (let i = 0; i < VICTIMS; i++) await addVictim();
  await enableSelfServiceReset(identities.get('global-administrator')!);
  await repair();

  return {
    app,
    identities,
    pools,
    captchas,
    remember,
    repair,
    victimUpns: async () =>
      (await app.db.db.selectFrom('app_user').select('user_principal_name').where('upn_key', 'like', 'victim-%').execute()).map((r) => r.user_principal_name),
    harnessRequests: () => harnessRequests,
    close: () => app.close(),
  };
}

export type World = Awaited<ReturnType<typeof createWorld>>;
