// Checklist L5 (Forgot Password CS, "Account Lockout"): reset requests never lock the account or
// count as failed sign-ins. 50 reset requests for the victim (flows started and codes asked for,
// from 50 addresses, well past the portal's own limits), plus wrong codes, then the victim signs in
// with the right password: 200, and the lockout row shows no failure.
// Checklist R23 (ASVS 6.5.8): a time the client sends with an authenticator code is ignored.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { recoveryDriver } from '../../testing/recovery.js';
import { totpCode } from '../verification/methods.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';

for (const engine of testEngines()) {
  describe(`L5: reset requests never lock the account (${engine})`, () => {
    let t: TestApp;
    let d: ReturnType<typeof recoveryDriver>;
    before(async () => {
      t = await createTestApp({ engine, config: { recoveryCaptchaMaxNumber: 50, trustedProxies: '127.0.0.1' } });
      await t.createUser({ userPrincipalName: 'admin@contoso.example', password: PASSWORD, roles: ['global-administrator'] });
      d = recoveryDriver(t);
      await d.configure(await t.signIn('admin@contoso.example', PASSWORD), {
        enabledFor: 'all',
        methods: { email: true, mobilePhone: true, officePhone: false, authenticatorApp: true, securityQuestions: false },
        methodsRequired: 1,
      });
    });
    after(() => t.close());

    test('50 reset requests and wrong codes for the victim, then the right password signs in', async () => {
      const { id } = await t.createUser({ userPrincipalName: 'victim@contoso.example', password: PASSWORD });
      const who = await t.signIn('victim@contoso.example', PASSWORD);
      await d.registerCode(who, PASSWORD, 'email', 'victim@example.org');
      const statuses = new Set<number>();
      for (let i = 0; i < 50; i++) {
        const from = { 'x-forwarded-for': `198.51.100.${i + 1}` };
        const started = await d.start(i % 2 ? 'VICTIM@contoso.example' : 'victim@contoso.example', from);
        statuses.add(started.statusCode);
        if (started.statusCode >= 300) continue;
        const flow = started.json<{ id: string }>();
        statuses.add((await d.send(flow.id, 'email', from)).statusCode);
        statuses.add((await d.verify(flow.id, { method: 'email', code: String(10_000_000 + i) }, from)).statusCode);
        t.clock.advance(5_000);
      }
      assert.ok(
        [...statuses].every((s) => s < 500),
        [...statuses].join(','),
      );
      assert.ok(statuses.has(429) || statuses.has(400) || statuses.has(403), 'the portal did throttle these requests (so they were many)');
      const signedIn = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: 'victim@contoso.example', password: PASSWORD } });
      assert.equal(signedIn.statusCode, 200, 'the right password still signs in');
      const state = await t.repos.lockout.get(id);
      assert.equal(state?.consecutiveFailures ?? 0, 0, 'no sign-in failure was counted');
    });
  });

  describe(`R23: the client's clock is ignored (${engine})`, () => {
    let t: TestApp;
    let d: ReturnType<typeof recoveryDriver>;
    before(async () => {
      t = await createTestApp({ engine, config: { recoveryCaptchaMaxNumber: 50 } });
      await t.createUser({ userPrincipalName: 'admin@contoso.example', password: PASSWORD, roles: ['global-administrator'] });
      d = recoveryDriver(t);
      await d.configure(await t.signIn('admin@contoso.example', PASSWORD), {
        enabledFor: 'all',
        methods: { email: true, mobilePhone: true, officePhone: false, authenticatorApp: true, securityQuestions: false },
        methodsRequired: 1,
      });
    });
    after(() => t.close());

    test('a code for another time, sent with that time as a field, a query or a Date header, is refused', async () => {
      await t.createUser({ userPrincipalName: 'app@contoso.example', password: PASSWORD });
      const who = await t.signIn('app@contoso.example', PASSWORD);
      const secret = await d.registerApp(who, PASSWORD);
      const later = new Date(t.clock.now().getTime() + 10 * 60_000);
      const code = totpCode(secret, later);
      const flow = (await d.start('app@contoso.example')).json<{ id: string }>();
      const claims = [{ time: later.toISOString() }, { timestamp: later.getTime() }, { now: Math.floor(later.getTime() / 1000) }];
      for (const extra of claims) {
        const res = await d.verify(flow.id, { method: 'authenticatorApp', code, ...extra });
        assert.notEqual(res.statusCode, 200, `${Object.keys(extra)[0]} is not believed`);
      }
      const withHeader = await d.verify(flow.id, { method: 'authenticatorApp', code }, { date: later.toUTCString() });
      assert.equal(withHeader.json().code, 'recovery.code_invalid', 'a Date header is not believed');
      const query = await t.app.inject({
        method: 'POST',
        url: `/api/v1/recovery/flows/${flow.id}/verify?time=${later.getTime()}`,
        payload: { method: 'authenticatorApp', code },
      });
      assert.notEqual(query.statusCode, 200, 'a time in the query is not believed');
      // Control: the code of the server's own time proves the flow.
      t.clock.advance(10 * 60_000);
      const fresh = (await d.start('app@contoso.example')).json<{ id: string }>();
      assert.equal((await d.verify(fresh.id, { method: 'authenticatorApp', code })).statusCode, 200);
    });
  });
}
