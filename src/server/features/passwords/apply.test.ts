/**
 * Every way a password gets replaced ends in the one write path (features/passwords/apply.ts),
 * so every entry point must leave the same traces: history, sessions ended, smart lockout and the
 * reset counters cleared, other set-password links and open reset flows ended, an audit event and
 * a notice. One test per entry point, each asserting the same list (checklist C8, C10, R8, R20, N1).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newId, randomToken, sha256 } from '../../core/crypto.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { recoveryDriver, latestCode } from '../../testing/recovery.js';
import { resetServicesFor } from '../../../cli/lib/runtime.js';
import type { Runtime } from '../../runtime.js';

const OLD = 'Zebra-Quilt-Harbor-71!';
const NEW = 'Fjord&Kiwi*8372-Moss';
type Who = { cookie: string; csrf: string };

for (const engine of testEngines()) {
  describe(`one password write path: the same side effects from every entry point (${engine})`, () => {
    let t: TestApp;
    let admin: Who;
    let portal: ReturnType<typeof recoveryDriver>;
    before(async () => {
      t = await createTestApp({ engine });
      await t.createUser({ userPrincipalName: 'ga@contoso.example', password: OLD, roles: ['global-administrator'] });
      admin = await t.signIn('ga@contoso.example', OLD);
      portal = recoveryDriver(t);
      // Remember five passwords, so that every write must push the old hash into history.
      const policy = (await call(admin, 'GET', '/api/v1/settings/password-policy')).json();
      assert.equal((await call(admin, 'PUT', '/api/v1/settings/password-policy', { ...policy, historyCount: 5 })).statusCode, 200);
      await portal.configure(admin, {
        enabledFor: 'all',
        methods: { email: true, mobilePhone: true, officePhone: false, authenticatorApp: false, securityQuestions: false },
        methodsRequired: 1,
      });
    });
    after(() => t.close());

    const call = (who: Who | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
      t.app.inject({ method, url, ...(payload ? { payload } : {}), headers: who ? { cookie: who.cookie, 'x-csrf-token': who.csrf } : {} });

    /** A user with everything a password write must clean up: a session, lockout failures, an open link, an open reset flow, reset counters. */
    async function prepared(name: string, options: { mustChange?: boolean } = {}) {
      const upn = `${name}@contoso.example`;
      const { id } = await t.createUser({ userPrincipalName: upn, password: OLD, ...(options.mustChange ? { mustChangePassword: true } : {}) });
      const session = await t.signIn(upn, OLD);
      for (let i = 0; i < 2; i++)
        assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: upn, password: `wrong-${i}` } })).statusCode, 401);
      assert.ok((await t.repos.lockout.get(id))?.consecutiveFailures, 'lockout failures recorded before the write');
      const linkToken = randomToken();
      await t.repos.passwordLinks.create({
        id: newId(),
        userId: id,
        tokenHash: sha256(linkToken),
        createdBy: null,
        createdAt: t.clock.now(),
        expiresAt: new Date(t.clock.now().getTime() + 3_600_000),
      });
      const flow = await portal.start(upn);
      assert.equal(flow.statusCode, 201);
      const flowToken: string = flow.json().id;
      const counter = `recovery-send:${id}`;
      await t.repos.rateLimits.hit(counter, 0);
      const before = { hash: (await t.repos.users.findById(id))!.passwordHash, history: (await t.repos.passwordHistory.recent(id, 10)).length };
      t.clock.advance(1000);
      return { id, upn, session, linkToken, flowToken, counter, before };
    }

    /** The one list of side effects every entry point must show. */
    async function assertWritten(p: Awaited<ReturnType<typeof prepared>>, expect: { action: string; template: string; flowOutcome?: string }) {
      const user = (await t.repos.users.findById(p.id))!;
      assert.notEqual(user.passwordHash, p.before.hash, 'the password changed');
      assert.equal(user.lastPasswordChangeAt?.getTime(), t.clock.now().getTime(), 'last change is now');
      const history = await t.repos.passwordHistory.recent(p.id, 10);
      assert.equal(history.length, p.before.history + 1, 'the old hash went into history');
      assert.ok(history.includes(p.before.hash!), 'history holds the old hash');
      assert.equal((await call(p.session, 'GET', '/api/v1/me')).statusCode, 401, 'the old session is over');
      assert.equal(await t.repos.lockout.get(p.id), undefined, 'smart lockout cleared');
      const link = await t.repos.passwordLinks.findByTokenHash(sha256(p.linkToken));
      assert.ok(link?.usedAt, 'the open set-password link is revoked');
      const flow = await t.repos.recovery.findFlow(sha256(p.flowToken));
      assert.equal(flow?.state, 'failed', 'the open reset flow ended');
      assert.equal(flow?.outcome, expect.flowOutcome ?? 'superseded');
      // Counting one more hit tells the counter's state: 1 when it was cleared, 2 when not.
      assert.equal(await t.repos.rateLimits.hit(p.counter, 0), 1, 'the reset counters are cleared');
      const events = await t.db.db
        .selectFrom('audit_event')
        .select(['action', 'outcome'])
        .where('target_id', '=', p.id)
        .where('outcome', '=', 'success')
        .execute();
      assert.ok(
        events.some((e) => e.action === expect.action),
        `audited as ${expect.action}`,
      );
      const mail = await t.db.db.selectFrom('outbox').select('template').where('user_id', '=', p.id).where('template', '=', expect.template).execute();
      assert.ok(mail.length >= 1, `a ${expect.template} notice is queued`);
    }

    test('change my password', async () => {
      const p = await prepared('change');
      const res = await call(p.session, 'POST', '/api/v1/me/change-password', { currentPassword: OLD, newPassword: NEW });
      assert.equal(res.statusCode, 204, res.body);
      await assertWritten(p, { action: 'user.password_change', template: 'password-changed' });
    });

    test('forced change at sign-in', async () => {
      const p = await prepared('forced', { mustChange: true });
      const res = await call(p.session, 'POST', '/api/v1/me/change-password', { currentPassword: OLD, newPassword: NEW });
      assert.equal(res.statusCode, 204, res.body);
      assert.equal((await t.repos.users.findById(p.id))!.forceChangePassword, false);
      await assertWritten(p, { action: 'user.password_change', template: 'password-changed' });
    });

    test('admin reset, one user', async () => {
      const p = await prepared('single');
      const res = await call(admin, 'POST', `/api/v1/users/${p.id}/reset-password`, {
        autoGenerate: false,
        password: NEW,
        forceChangePasswordNextSignIn: true,
      });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal((await t.repos.users.findById(p.id))!.forceChangePassword, true);
      await assertWritten(p, { action: 'user.password_reset', template: 'password-reset-by-admin' });
    });

    test('admin reset, bulk job', async () => {
      const p = await prepared('bulk');
      const res = await call(admin, 'POST', '/api/v1/password-reset-jobs', { userIds: [p.id], autoGenerate: true, forceChangePasswordNextSignIn: true });
      assert.equal(res.statusCode, 202, res.body);
      await t.services.resetJobs.runAll();
      await assertWritten(p, { action: 'user.password_reset', template: 'password-reset-by-admin' });
    });

    test('set-password link', async () => {
      const p = await prepared('link');
      const token = randomToken();
      // Sent by the Global Administrator: a link is checked against its sender's current roles when used (issue 12, finding 4).
      const sender = (await t.repos.users.findBySignInName('ga@contoso.example'))!.id;
      await t.repos.passwordLinks.create({
        id: newId(),
        userId: p.id,
        tokenHash: sha256(token),
        createdBy: sender,
        createdAt: t.clock.now(),
        expiresAt: new Date(t.clock.now().getTime() + 3_600_000),
      });
      t.clock.advance(1000);
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/password-links/redeem', payload: { token, newPassword: NEW } });
      assert.equal(res.statusCode, 204, res.body);
      await assertWritten(p, { action: 'user.password_set_by_link', template: 'password-changed' });
    });

    test('self-service password reset', async () => {
      const p = await prepared('sspr');
      await portal.registerCode(p.session, OLD, 'email', 'sspr.alt@example.org');
      const started = await portal.start(p.upn);
      const id: string = started.json().id;
      assert.equal((await portal.send(id, 'email')).statusCode, 200);
      const code = await latestCode(t, 'sspr.alt@example.org');
      assert.equal((await portal.verify(id, { method: 'email', code })).statusCode, 200);
      t.clock.advance(1000);
      const done = await portal.password(id, NEW);
      assert.equal(done.statusCode, 200, done.body);
      // The flow that was open before (p.flowToken) ends as superseded; this one completed.
      assert.equal((await t.repos.recovery.findFlow(sha256(id)))?.state, 'completed');
      await assertWritten(p, { action: 'user.password_reset_self', template: 'password-reset-self' });
    });

    test('the CLI (users reset), wired by the same createPasswordServices', async () => {
      const p = await prepared('cli');
      const runtime: Runtime = {
        config: t.config,
        db: t.db,
        repos: t.repos,
        transact: t.transact,
        hasher: t.hasher as Runtime['hasher'],
        secret: t.config.secret!,
        clock: t.clock,
        close: async () => {},
      };
      const { adminReset } = await resetServicesFor(runtime);
      const target = (await t.repos.users.findById(p.id))!;
      await adminReset.applyReset(
        { id: null, name: 'cli' },
        target,
        { autoGenerate: true, forceChangePasswordNextSignIn: true },
        { ipAddress: null, userAgent: null, correlationId: null },
        'cli',
      );
      await assertWritten(p, { action: 'user.password_reset', template: 'password-reset-by-admin' });
    });
  });
}
