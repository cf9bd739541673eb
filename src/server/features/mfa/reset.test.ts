/**
 * `latchkey users reset-mfa` (issue 17): the way back in for a user, the only administrator
 * included, who lost the phone or security key that signs them in. The service on both engines
 * (what it removes, ends and audits; the admin then registers again at sign-in), and the real CLI
 * in a child process, in English and Dutch.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { newId } from '../../core/crypto.js';
import { createTransact } from '../../db/repos.js';
import { t as text } from '../../i18n/index.js';
import { createSecondFactorReset } from './reset.js';
import { codeNow, giveAuthenticator, newBrowser, passwordStep, send } from './mfa.fixture.js';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { freshDir, openDb, runCli } from '../../../cli/testing.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';

for (const engine of testEngines()) {
  describe(`resetting a user's second factors (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp({ engine, mfa: 'product-defaults' });
    });
    after(() => t.close());

    test('removes the authenticator app and passkeys, forgets devices, ends sessions, audits; the admin registers again', async () => {
      const { id } = await t.createUser({ userPrincipalName: 'lost.phone@contoso.example', password: PASSWORD, roles: ['global-administrator'] });
      const secret = await giveAuthenticator(t, id);
      await t.repos.passkeys.add(
        {
          id: newId(),
          credentialId: 'cred-' + engine,
          userId: id,
          publicKey: 'pk',
          counter: 0,
          transports: ['internal'],
          aaguid: '0',
          name: 'Laptop',
          backedUp: false,
        },
        t.clock.now(),
      );
      const b = newBrowser();
      await passwordStep(t, b, 'lost.phone@contoso.example', PASSWORD);
      assert.equal((await send(t, b, 'POST', '/api/v1/auth/mfa', { method: 'authenticatorApp', code: codeNow(t, secret) })).statusCode, 200);
      assert.equal((await send(t, b, 'GET', '/api/v1/me')).statusCode, 200, 'signed in with the old app');

      const user = (await t.repos.users.findById(id))!;
      const reset = createSecondFactorReset({ repos: t.repos, transact: createTransact(t.db.db), clock: t.clock });
      const removed = await reset(user, { id: null, name: 'cli' }, { ipAddress: null, userAgent: null, correlationId: null });
      assert.deepEqual(removed, { authenticatorApps: 1, passkeys: 1, rememberedDevices: 0 });
      assert.deepEqual(
        (await t.repos.securityInfo.methods(id)).filter((m) => m.kind === 'authenticatorApp'),
        [],
      );
      assert.equal(await t.repos.passkeys.count(id), 0);
      assert.equal((await send(t, b, 'GET', '/api/v1/me')).statusCode, 401, 'the session proven with the lost app ended');
      const [event] = await t.repos.audit.list({ action: 'user.mfa_reset', targetId: id, limit: 1 });
      assert.deepEqual([event?.actorName, event?.details], ['cli', { authenticatorApps: 1, passkeys: 1, rememberedDevices: 0 }]);

      const again = newBrowser();
      const signIn = await passwordStep(t, again, 'lost.phone@contoso.example', PASSWORD);
      assert.deepEqual([signIn.json().mfaRequired, signIn.json().registrationRequired], [true, true], 'registers a new method at the next sign-in');
    });
  });
}

describe('latchkey users reset-mfa', () => {
  test('names what it removed, in the default language; an unknown user is a usage error', async () => {
    const dir = freshDir('latchkey-reset-mfa-');
    const created = await runCli(['admin', 'create', '--upn', 'only.admin@contoso.example'], dir);
    assert.equal(created.code, 0, created.stderr);
    const db = new SQLite(path.join(dir, 'latchkey.db'));
    const { id } = db.prepare(`select id from app_user where user_principal_name = ?`).get('only.admin@contoso.example') as { id: string };
    db.prepare(`insert into auth_method (id, user_id, kind, value, created_at) values (?, ?, 'authenticatorApp', 'sealed', ?)`).run(
      newId(),
      id,
      new Date().toISOString(),
    );
    db.close();
    const done = await runCli(['users', 'reset-mfa', '--upn', 'only.admin@contoso.example'], dir, { env: { LATCHKEY_DEFAULT_LANGUAGE: 'nl' } });
    assert.equal(done.code, 0, done.stderr);
    assert.ok(done.stdout.includes(text('nl', 'cli.reset_mfa.done', { upn: 'only.admin@contoso.example', apps: 1, passkeys: 0, devices: 0 })), done.stdout);
    const after = openDb(dir);
    assert.equal((after.prepare(`select count(*) n from auth_method where user_id = ?`).get(id) as { n: number }).n, 0);
    after.close();
    const unknown = await runCli(['users', 'reset-mfa', '--upn', 'nobody@contoso.example'], dir);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /there is no user nobody@contoso\.example/);
  });
});
