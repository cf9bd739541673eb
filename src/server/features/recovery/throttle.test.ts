import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { latestCode, recoveryDriver } from '../../testing/recovery.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';
const NEW = 'Fjord&Kiwi*8372-Moss';
const HOUR = 3_600_000;

type Driver = ReturnType<typeof recoveryDriver>;
const isCodeMethod = (m: { method: string } | undefined) => m !== undefined && m.method !== 'authenticatorApp' && m.method !== 'passkey';

/**
 * Unknown names whose decoy is offered a code method first. Decoys are drawn per name (R1) and,
 * like a real account with an authenticator app, are offered only the app when their draw has one
 * (R18), so a test that sends a message to an unknown name picks names that get a code method.
 * `between` runs after each probe (e.g. to move past the per-address flow limit).
 */
async function codeFirstNames(d: Driver, prefix: string, count: number, between: () => void = () => undefined): Promise<string[]> {
  const names: string[] = [];
  for (let i = 0; names.length < count && i < 64; i++) {
    const name = `${prefix}${i}@contoso.example`;
    if (isCodeMethod((await d.start(name)).json().methods?.[0])) names.push(name);
    between();
  }
  assert.equal(names.length, count, 'enough unknown names offered a code method');
  return names;
}

/** Entra's SSPR limits (reference §7.11) and the per-address limits, each shown with an injected clock. */
for (const engine of testEngines()) {
  describe(`reset portal throttles (${engine})`, () => {
    let t: TestApp;
    let d: ReturnType<typeof recoveryDriver>;
    let n = 0;
    before(async () => {
      t = await createTestApp({
        engine,
        config: {
          recoveryCaptchaMaxNumber: 50,
          rateLimitRecoveryPerIp: 100000,
          rateLimitRecoverySendsPerIp: 100000,
          rateLimitRecoveryVerifiesPerIp: 100000,
          // Entra's own limits are shown here; the stricter per-account message limits (R11) are in account-limits.test.ts.
          rateLimitRecoveryMessagesPerAccount: 0,
          rateLimitRecoveryMessagesPerAccountPerDay: 0,
        },
      });
      await t.createUser({ userPrincipalName: 'admin@contoso.example', password: PASSWORD, roles: ['global-administrator'] });
      d = recoveryDriver(t);
      await d.configure(await t.signIn('admin@contoso.example', PASSWORD), { enabledFor: 'all', methodsRequired: 1 });
    });
    after(() => t.close());

    async function user() {
      n++;
      const upn = `t${n}@contoso.example`;
      await t.createUser({ userPrincipalName: upn, password: PASSWORD });
      await d.registerCode(await t.signIn(upn, PASSWORD), PASSWORD, 'email', `t${n}@example.org`);
      return { upn, email: `t${n}@example.org` };
    }
    const flow = async (upn: string) => (await d.start(upn)).json().id as string;

    test('at most 10 messages in 10 minutes, then 24 hours locked; unknown names alike', async () => {
      const [ghost] = await codeFirstNames(d, 'ghost', 1);
      for (const name of [(await user()).upn, ghost!]) {
        const id = await flow(name);
        for (let i = 0; i < 10; i++) assert.equal((await d.send(id, 'email')).statusCode, 200, `message ${i + 1}`);
        const eleventh = await d.send(id, 'email');
        assert.equal(eleventh.statusCode, 429);
        assert.equal(eleventh.json().code, 'recovery.locked');
        t.clock.advance(11 * 60_000);
        assert.equal((await d.start(name)).json().code, 'recovery.locked', 'still locked after the window: the lock lasts 24 hours');
        t.clock.advance(24 * HOUR);
        assert.equal((await d.start(name)).statusCode, 201, 'open again after 24 hours');
      }
    });

    test('no window edge to double up on: 10 messages just before a 10-minute boundary and one just after lock (L, R9)', async () => {
      const u = await user();
      const windowMs = 10 * 60_000;
      t.clock.advance(windowMs - (t.clock.now().getTime() % windowMs) - 2_000);
      const id = await flow(u.upn);
      for (let i = 0; i < 10; i++) assert.equal((await d.send(id, 'email')).statusCode, 200, `message ${i + 1}`);
      t.clock.advance(4_000);
      const next = await d.send(id, 'email');
      assert.equal(next.statusCode, 429, 'a fixed window would have admitted 10 more here');
      assert.equal(next.json().code, 'recovery.locked');
      t.clock.advance(25 * HOUR);
    });

    test('at most 5 validations per hour', async () => {
      const u = await user();
      const id = await flow(u.upn);
      await d.send(id, 'email');
      for (let i = 0; i < 4; i++) assert.equal((await d.verify(id, { method: 'email', code: '00000000' })).json().code, 'recovery.code_invalid');
      // The fifth validation is allowed (and wrong again): the flow has now had 5 failures and ends (R9).
      assert.equal((await d.verify(id, { method: 'email', code: '00000000' })).json().code, 'recovery.code_invalid');
      const second = await d.start(u.upn);
      assert.equal(second.json().code, 'recovery.locked', '5 failed proofs in 24 hours lock SSPR for the account');
    });

    test('5 failed proofs in 24 hours lock for 24 hours, across flows and new codes (R9, R10)', async () => {
      const u = await user();
      for (let i = 0; i < 5; i++) {
        const id = await flow(u.upn);
        await d.send(id, 'email');
        assert.equal((await d.verify(id, { method: 'email', code: '12345678' })).json().code, 'recovery.code_invalid');
        t.clock.advance(HOUR + 1000); // past the validations-per-hour window: only the failures count
      }
      assert.equal((await d.start(u.upn)).json().code, 'recovery.locked');
      t.clock.advance(24 * HOUR + 1000);
      const id = await flow(u.upn);
      await d.send(id, 'email');
      assert.equal((await d.verify(id, { method: 'email', code: await latestCode(t, u.email) })).statusCode, 200, 'a correct code works once the lock ends');
    });

    test('six validations in an hour lock, even when they are correct proofs of new flows', async () => {
      const u = await user();
      for (let i = 0; i < 5; i++) {
        const id = await flow(u.upn);
        await d.send(id, 'email');
        assert.equal((await d.verify(id, { method: 'email', code: await latestCode(t, u.email) })).statusCode, 200, `validation ${i + 1}`);
      }
      const id = await flow(u.upn);
      await d.send(id, 'email');
      assert.equal((await d.verify(id, { method: 'email', code: await latestCode(t, u.email) })).json().code, 'recovery.locked');
    });

    test('a completed reset clears every counter and lock (reference §7.11)', async () => {
      const u = await user();
      const id = await flow(u.upn);
      for (let i = 0; i < 3; i++) await d.verify(id, { method: 'email', code: '99999999' });
      await d.send(id, 'email');
      assert.equal((await d.verify(id, { method: 'email', code: await latestCode(t, u.email) })).statusCode, 200);
      assert.equal((await d.password(id, NEW)).statusCode, 200);
      const subject = (await t.repos.users.findBySignInName(u.upn))!.id;
      assert.equal(await t.repos.recovery.countAttempts(subject, 'failure', new Date(0)), 0);
      const counters = await t.db.db.selectFrom('rate_limit').select('key').where('key', 'like', `recovery-%:${subject}`).execute();
      assert.deepEqual(counters, [], 'the message, check, daily and contact counters are cleared too');
      const next = await flow(u.upn);
      for (let i = 0; i < 4; i++)
        assert.equal((await d.verify(next, { method: 'email', code: '99999999' })).json().code, 'recovery.code_invalid', 'the count starts again');
    });

    test('per client address: flows, messages and checks, with Retry-After', async () => {
      const limited = await createTestApp({
        engine,
        config: { recoveryCaptchaMaxNumber: 50, rateLimitRecoveryPerIp: 3, rateLimitRecoverySendsPerIp: 2, rateLimitRecoveryVerifiesPerIp: 2 },
      });
      try {
        const l = recoveryDriver(limited);
        for (let i = 0; i < 3; i++) assert.equal((await l.start(`n${i}@contoso.example`)).statusCode, 201);
        const fourth = await l.start('n4@contoso.example');
        assert.equal(fourth.statusCode, 429);
        assert.equal(fourth.json().code, 'request.rate_limited');
        assert.ok(Number(fourth.headers['retry-after']) > 0);
        limited.clock.advance(10 * 60_000);
        // Messages to many destinations from one address are refused however many names are used (SMS pumping).
        const pumps = await codeFirstNames(l, 'pump', 3, () => limited.clock.advance(10 * 60_000));
        const flows = [];
        for (const name of pumps) flows.push((await l.start(name)).json());
        const sends = [];
        for (const f of flows) sends.push(await l.send(f.id, f.methods[0].method));
        assert.deepEqual(
          sends.map((r) => r.statusCode),
          [200, 200, 429],
        );
        assert.equal(sends[2]!.json().code, 'request.rate_limited');
        const checks = [];
        for (const f of flows) checks.push((await l.verify(f.id, { method: f.methods[0].method, code: '11111111' })).json().code);
        assert.deepEqual(checks, ['recovery.code_invalid', 'recovery.code_invalid', 'request.rate_limited']);
      } finally {
        await limited.close();
      }
    });
  });
}

describe('reset flows left open', () => {
  test('end as abandoned after their 15 minutes, and are dropped after 30 days (reference §7.13)', async () => {
    const t = await createTestApp({ config: { recoveryCaptchaMaxNumber: 50 } });
    try {
      const d = recoveryDriver(t);
      const [someone] = await codeFirstNames(d, 'someone', 1);
      await t.db.db.deleteFrom('recovery_flow').execute();
      const open = (await d.start(someone!)).json();
      const codeMethod = open.methods[0].method;
      assert.equal((await d.send(open.id, codeMethod)).statusCode, 200);
      assert.equal(
        (await t.db.db.selectFrom('outbox').select('id').where('status', '=', 'decoy').execute()).length,
        1,
        'an unknown name\u2019s code is a decoy row',
      );
      assert.equal(await t.services.recovery.prune(), 0);
      assert.equal((await t.db.db.selectFrom('recovery_flow').select('outcome').executeTakeFirstOrThrow()).outcome, null);
      t.clock.advance(16 * 60_000);
      await t.services.recovery.prune();
      const row = await t.db.db.selectFrom('recovery_flow').select(['state', 'outcome']).executeTakeFirstOrThrow();
      assert.deepEqual([row.state, row.outcome], ['failed', 'abandoned']);
      assert.equal((await d.json(null, 'GET', `/api/v1/recovery/flows/${open.id}`)).json().code, 'recovery.flow_expired');
      t.clock.advance(31 * 86_400_000);
      assert.equal(await t.services.recovery.prune(), 1);
      assert.equal((await t.db.db.selectFrom('outbox').select('id').where('status', '=', 'decoy').execute()).length, 0, 'decoy rows are dropped after a day');
    } finally {
      await t.close();
    }
  });
});
