/*
 * Graph's resetPassword for a directory user (issues 14 and 15), against a real slapd: the reset is
 * written to the directory first (proven by binding as the user) and its operation succeeds; with
 * the directory down nothing changes and the operation is `failed` with the reason, no password given.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { testEngines } from '../testing/databases.js';
import { slapdSkip, startSlapd, type Slapd } from '../testing/slapd.js';
import { appToken, graphAs, registerTestApp } from '../testing/oauth.js';
import { SEED_PASSWORD, directoryUser, seedUsers } from '../features/directory/writeback-fixture.js';

const skip = slapdSkip();
const PW = '28c10230-6103-485e-b985-444c60001490';

for (const engine of testEngines()) {
  describe(`Graph resetPassword with directory writeback (${engine})`, { skip }, () => {
    let slapd: Slapd;
    let t: TestApp;
    let token: string;
    before(async () => {
      slapd = await startSlapd({ users: seedUsers('gr', 3) });
      t = await createTestApp({ engine, config: { ...slapd.config() } });
      token = await appToken(t, await registerTestApp(t, { name: 'Resetter', permissions: ['User-PasswordProfile.ReadWrite.All'] }));
    });
    after(async () => {
      await t?.close();
      await slapd?.close();
    });
    const reset = (id: string) => graphAs(t, token, 'POST', `/graph/v1.0/users/${id}/authentication/methods/${PW}/resetPassword`);
    const poll = async (location: unknown) => (await graphAs(t, token, 'GET', new URL(String(location)).pathname)).json();

    test('the generated password lands in the directory and the operation succeeds', async () => {
      const { id, dn } = await directoryUser(t, slapd, 'gr0');
      const res = await reset(id);
      assert.equal(res.statusCode, 202, res.body);
      const { newPassword } = res.json();
      assert.equal(await slapd.bindAs(dn, newPassword), true, 'the new password binds');
      assert.equal(await slapd.bindAs(dn, SEED_PASSWORD), false);
      assert.equal((await poll(res.headers.location)).status, 'succeeded');
    });

    test('directory down: 202 with no password, the operation failed with the reason, the old password still binds', async () => {
      const { id, dn } = await directoryUser(t, slapd, 'gr1');
      await slapd.stop();
      let res;
      try {
        res = await reset(id);
      } finally {
        await slapd.start();
      }
      assert.equal(res.statusCode, 202, res.body);
      assert.deepEqual(res.json(), {}, 'no password that was never set');
      const operation = await poll(res.headers.location);
      assert.equal(operation.status, 'failed');
      assert.equal(operation.statusDetail, 'directory.unavailable');
      assert.equal(await slapd.bindAs(dn, SEED_PASSWORD), true, 'nothing changed');
      const retry = await reset(id);
      assert.equal((await poll(retry.headers.location)).status, 'succeeded');
    });
  });
}
