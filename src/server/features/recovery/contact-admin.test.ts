import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { latestCode, recoveryDriver } from '../../testing/recovery.js';
import { FLOW_FAILURES } from './flow.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';
const NEW = 'Fjord&Kiwi*8372-Moss';
const ADMINS = 6;

/**
 * Issue 12 finding 7: *Contact your administrator* mailed every helpdesk administrator from a
 * finished, superseded, expired or abandoned flow. Only an open flow may ask (checklist R8, R8c);
 * any other gets the answer an unknown flow gets, and nobody is mailed.
 */
describe('contact your administrator: only from an open flow (issue 12 finding 7; R8, R8c)', () => {
  let t: TestApp;
  let d: ReturnType<typeof recoveryDriver>;
  let n = 0;
  before(async () => {
    t = await createTestApp({ config: { recoveryCaptchaMaxNumber: 50, rateLimitRecoverySendsPerIp: 100000, rateLimitRecoveryPerIp: 100000 } });
    await t.createUser({ userPrincipalName: 'admin@contoso.example', password: PASSWORD, roles: ['global-administrator'] });
    const admin = await t.signIn('admin@contoso.example', PASSWORD);
    for (let i = 0; i < ADMINS; i++) await t.createUser({ userPrincipalName: `helpdesk${i}@contoso.example`, roles: ['helpdesk-administrator'] });
    d = recoveryDriver(t);
    await d.configure(admin, {
      enabledFor: 'all',
      methods: { email: true, mobilePhone: false, officePhone: false, authenticatorApp: false, securityQuestions: false },
      methodsRequired: 1,
    });
  });
  after(() => t.close());

  async function startFlow() {
    n++;
    const upn = `person${n}@contoso.example`;
    const email = `p${n}@example.org`;
    const { id } = await t.createUser({ userPrincipalName: upn, password: PASSWORD });
    await d.registerCode(await t.signIn(upn, PASSWORD), PASSWORD, 'email', email);
    const started = await d.start(upn);
    assert.equal(started.statusCode, 201, started.body);
    return { id, upn, email, flowId: started.json<{ id: string }>().id };
  }
  const contactMails = async () =>
    Number(
      (
        await t.db.db
          .selectFrom('outbox')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('template', '=', 'contact-admin-request')
          .executeTakeFirstOrThrow()
      ).n,
    );
  const contact = (flowId: string) => d.json(null, 'POST', `/api/v1/recovery/flows/${flowId}/contact-admin`);

  /** Asks from `flowId` and expects exactly the unknown flow's answer, and no mail. */
  async function expectRefused(flowId: string, why: string) {
    const unknown = await contact('A'.repeat(43));
    const before = await contactMails();
    for (let i = 0; i < 3; i++) {
      const res = await contact(flowId);
      assert.equal(res.statusCode, unknown.statusCode, `${why}: ${res.body}`);
      assert.equal(res.json().code, 'recovery.flow_not_found', why);
      assert.deepEqual(Object.keys(res.json()).sort(), Object.keys(unknown.json()).sort(), `${why}: the same answer as an unknown flow`);
    }
    assert.equal(await contactMails(), before, `${why}: nobody is mailed`);
  }

  test('an open flow may ask: every helpdesk administrator is mailed once', async () => {
    const { flowId } = await startFlow();
    const before = await contactMails();
    const res = await contact(flowId);
    assert.equal(res.statusCode, 202, res.body);
    assert.equal((await contactMails()) - before, ADMINS);
  });

  test('a finished (completed) flow may not', async () => {
    const { flowId, email } = await startFlow();
    assert.equal((await d.send(flowId, 'email')).statusCode, 200);
    assert.equal((await d.verify(flowId, { method: 'email', code: await latestCode(t, email) })).statusCode, 200);
    assert.equal((await d.password(flowId, NEW)).statusCode, 200);
    await expectRefused(flowId, 'completed');
  });

  test('a superseded flow may not: the password changed by another path', async () => {
    const written = await startFlow();
    // Through the one password write path (it ends open flows as superseded).
    const who = await t.signIn(written.upn, PASSWORD);
    const changed = await d.json(who, 'POST', '/api/v1/me/change-password', { currentPassword: PASSWORD, newPassword: NEW });
    assert.ok(changed.statusCode < 300, changed.body);
    await expectRefused(written.flowId, 'superseded (flow ended)');
    // The flow row still open, but the password hash moved on (what the portal's stamp check sees).
    const stale = await startFlow();
    await t.repos.users.setPasswordHash(stale.id, 'other-hash', t.clock.now(), { changed: true });
    await expectRefused(stale.flowId, 'superseded (stamp changed)');
  });

  test('a flow that ended on wrong proofs may still ask, within its lifetime: its screen offers it', async () => {
    const { flowId } = await startFlow();
    assert.equal((await d.send(flowId, 'email')).statusCode, 200);
    let last = 0;
    for (let i = 0; i < FLOW_FAILURES; i++) last = (await d.verify(flowId, { method: 'email', code: '00000000' })).statusCode;
    assert.notEqual(last, 200);
    const before = await contactMails();
    const res = await contact(flowId);
    assert.equal(res.statusCode, 202, res.body);
    assert.equal((await contactMails()) - before, ADMINS);
    t.clock.advance(16 * 60_000);
    await expectRefused(flowId, 'locked out, then expired');
  });

  test('an expired flow may not, nor an abandoned one', async () => {
    const expired = await startFlow();
    const abandoned = await startFlow();
    t.clock.advance(16 * 60_000);
    await expectRefused(expired.flowId, 'expired');
    await t.services.recovery.prune();
    await expectRefused(abandoned.flowId, 'abandoned');
  });
});
