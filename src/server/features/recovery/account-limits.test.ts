import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { latestCode, recoveryDriver } from '../../testing/recovery.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';
const MINUTE = 60_000;

// Checklist R11: at most 3 messages per account per 15 minutes and 10 per 24 hours; the answer stays
// generic (the same for an unknown name), and the refusal is audited. AU1: reset requested, code
// sent and throttled are audit events carrying the request's correlation id.
for (const engine of testEngines()) {
  describe(`reset portal: messages per account (${engine})`, () => {
    let t: TestApp;
    let d: ReturnType<typeof recoveryDriver>;
    let n = 0;
    before(async () => {
      t = await createTestApp({
        engine,
        config: { recoveryCaptchaMaxNumber: 50, rateLimitRecoveryPerIp: 100000, rateLimitRecoverySendsPerIp: 100000, rateLimitRecoveryVerifiesPerIp: 100000 },
      });
      await t.createUser({ userPrincipalName: 'admin@contoso.example', password: PASSWORD, roles: ['global-administrator'] });
      d = recoveryDriver(t);
      await d.configure(await t.signIn('admin@contoso.example', PASSWORD), {
        enabledFor: 'all',
        methodsRequired: 1,
        methods: { email: true, mobilePhone: true, officePhone: true, authenticatorApp: false, securityQuestions: false },
      });
    });
    after(() => t.close());

    async function user() {
      n++;
      const upn = `limits${n}@contoso.example`;
      const { id } = await t.createUser({ userPrincipalName: upn, password: PASSWORD });
      await d.registerCode(await t.signIn(upn, PASSWORD), PASSWORD, 'email', `limits${n}@example.org`);
      return { id, upn, email: `limits${n}@example.org` };
    }
    const flow = async (name: string) => (await d.start(name)).json().id as string;
    const codesTo = async (recipient: string) =>
      (await t.db.db.selectFrom('outbox').select('id').where('template', '=', 'recovery-code').where('recipient', '=', recipient).execute()).length;
    const audits = (action: string) => t.db.db.selectFrom('audit_event').selectAll().where('action', '=', action).execute();

    test('3 messages in 15 minutes, then 429 with Retry-After; the same for an unknown name; the trip is audited (R11, AU1)', async () => {
      const u = await user();
      const answers: Record<string, { status: number; code: string; retryAfter: unknown }> = {};
      for (const name of [u.upn, 'nobody.here@contoso.example']) {
        const started = (await d.start(name)).json();
        // An unknown name is offered decoy methods: send to the first, as a person would.
        const { id, methods } = started as { id: string; methods: { method: string }[] };
        const method = methods.find((m) => m.method === 'email' || m.method === 'mobilePhone' || m.method === 'officePhone')!.method;
        for (let i = 0; i < 3; i++) assert.equal((await d.send(id, method)).statusCode, 200, `${name}: message ${i + 1}`);
        const fourth = await d.send(id, method);
        answers[name] = { status: fourth.statusCode, code: fourth.json().code, retryAfter: fourth.headers['retry-after'] };
        assert.equal(fourth.statusCode, 429);
        assert.equal(fourth.json().code, 'request.rate_limited');
        const tripped = (await audits('recovery.rate_limit_exceeded')).find((e) => e.correlation_id === fourth.headers['x-request-id']);
        assert.ok(tripped, `${name}: audited with the request's correlation id`);
        assert.equal(tripped.outcome, 'failure');
        assert.deepEqual(JSON.parse(String(tripped.details)), { method, limit: 3, window: 'quarterHour' });
      }
      assert.deepEqual(answers[u.upn], answers['nobody.here@contoso.example'], 'a generic answer: an unknown name is throttled alike');
      assert.equal(Number(answers[u.upn]!.retryAfter), 300, 'the next message in 5 minutes');
      assert.equal(await codesTo(u.email), 3, 'the refused message was not sent');
      t.clock.advance(5 * MINUTE);
      assert.equal((await d.send(await flow(u.upn), 'email')).statusCode, 200, 'one more after 5 minutes');
      assert.equal(await codesTo(u.email), 4);
      t.clock.advance(24 * 60 * MINUTE);
    });

    test('10 messages in 24 hours, even spread out (R11)', async () => {
      const u = await user();
      const id = await flow(u.upn);
      let sent = 0;
      for (let i = 0; i < 3; i++, sent++) assert.equal((await d.send(id, 'email')).statusCode, 200);
      while (sent < 10) {
        t.clock.advance(5 * MINUTE);
        // Flows last 15 minutes: a new one each time, as a person would.
        assert.equal((await d.send(await flow(u.upn), 'email')).statusCode, 200, `message ${sent + 1}`);
        sent++;
      }
      t.clock.advance(5 * MINUTE);
      const eleventh = await d.send(await flow(u.upn), 'email');
      assert.equal(eleventh.statusCode, 429, 'the 11th in 24 hours');
      const [tripped] = (await audits('recovery.rate_limit_exceeded')).filter((e) => e.correlation_id === eleventh.headers['x-request-id']);
      assert.equal(JSON.parse(String(tripped!.details)).window, 'day');
      assert.equal(await codesTo(u.email), 10);
      t.clock.advance(24 * 60 * MINUTE);
    });

    test('reset requested (known and unknown) and code sent are audited with the correlation id, without the code (AU1)', async () => {
      const u = await user();
      const started = await d.start(u.upn);
      const ghost = await d.start('ghost.user@contoso.example');
      const requested = await audits('recovery.requested');
      const known = requested.find((e) => e.correlation_id === started.headers['x-request-id']);
      const unknown = requested.find((e) => e.correlation_id === ghost.headers['x-request-id']);
      assert.equal(known?.target_id, u.id);
      assert.deepEqual(JSON.parse(String(known.details)), { known: true, eligibility: 'eligible' });
      assert.equal(unknown?.target_id, null);
      assert.equal(unknown?.target_name, 'ghost.user@contoso.example');
      assert.equal(JSON.parse(String(unknown.details)).known, false);
      const sent = await d.send(started.json().id, 'email');
      const codeSent = (await audits('recovery.code_sent')).find((e) => e.correlation_id === sent.headers['x-request-id']);
      assert.equal(codeSent?.target_id, u.id);
      assert.deepEqual(JSON.parse(String(codeSent.details)), { method: 'email', delivered: 'code' });
      const code = await latestCode(t, u.email);
      assert.ok(!JSON.stringify(await t.db.db.selectFrom('audit_event').selectAll().execute()).includes(code), 'no code in the audit log');
    });
  });
}
