import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openTestDb, testEngines } from '../../testing/databases.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';
const LONG_AGENT = 'Mozilla/5.0 '.padEnd(600, 'x');
const DAY = 86_400_000;

/**
 * Issue 12 finding 9 (checklist AU1, L4): every refused (429) sign-in wrote a row with a
 * 512-character user agent, at no cost to the sender. Refusals are aggregated now, one row per
 * account and address per window with a count, and the scheduler's retention jobs delete the
 * sign-in log after 30 days (as Entra does), finished outbox messages and the dev mailbox too.
 */
for (const engine of testEngines()) {
  describe(`the sign-in log stays bounded (issue 12 finding 9; ${engine})`, () => {
    let t: TestApp;
    let userId: string;
    before(async () => {
      const base = await openTestDb(engine);
      t = await createTestApp({ engine, db: base, config: { rateLimitSignInPerAccount: 3, rateLimitSignInPerIp: 100_000 } });
      const close = t.close.bind(t);
      t.close = async () => {
        await close();
        await base.close();
      };
      ({ id: userId } = await t.createUser({ userPrincipalName: 'target@contoso.example', password: PASSWORD }));
    });
    after(() => t.close());

    const attempt = () =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/auth/sign-in',
        payload: { username: 'target@contoso.example', password: 'not-the-password' },
        headers: { 'user-agent': LONG_AGENT },
      });
    const rows = () => t.db.db.selectFrom('sign_in_event').selectAll().where('user_id', '=', userId).execute();

    test('60 refused attempts, 30 of them sent together, make one row with their count', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) statuses.push((await attempt()).statusCode);
      statuses.push(...(await Promise.all(Array.from({ length: 30 }, attempt))).map((r) => r.statusCode));
      const refusals = statuses.filter((s) => s === 429).length;
      assert.ok(refusals >= 50, `refused ${refusals} of 60`);
      const all = await rows();
      const limited = all.filter((r) => r.reason === 'rate_limited');
      assert.equal(limited.length, 1, `${limited.length} rows for ${refusals} refusals`);
      assert.equal(Number(limited[0]!.attempts), refusals);
      assert.equal(all.length, 1 + statuses.filter((s) => s === 401).length, 'every other attempt is a row of its own');
      const stored = all.reduce((sum, r) => sum + (r.user_agent?.length ?? 0), 0);
      assert.ok(stored <= all.length * 512, 'the agent is stored once per row, not per refusal');
      const report = await t.repos.signIns.list({ userId, reason: 'rate_limited', limit: 5 });
      assert.equal(report[0]?.attempts, refusals, 'the report shows the count');
    });

    test('the next window opens a new row', async () => {
      t.clock.advance(11 * 60_000);
      for (let i = 0; i < 6; i++) await attempt();
      assert.equal((await rows()).filter((r) => r.reason === 'rate_limited').length, 2);
    });

    test('the scheduler\u2019s retention jobs: sign-in log after 30 days, finished outbox messages, the dev mailbox', async () => {
      assert.equal(t.config.signInRetentionDays, 30);
      const names = t.services.scheduler.names();
      for (const job of ['sign-in-retention', 'outbox-retention', 'dev-mailbox-retention']) assert.ok(names.includes(job), job);
      const sent = await t.repos.outbox.enqueue(
        { channel: 'email', recipient: 'x@contoso.example', template: 't', locale: 'en', payload: {}, userId: null },
        t.clock.now(),
      );
      await t.repos.outbox.markSent(sent, t.clock.now(), 's');
      await t.repos.outbox.saveDevMail({ outboxId: sent, recipient: 'x@contoso.example', subject: 's', text: 'code 12345678', html: '' }, t.clock.now());

      t.clock.advance(29 * DAY);
      await t.services.scheduler.runNow('sign-in-retention');
      assert.ok((await rows()).length > 0, 'kept for 30 days');
      await t.services.scheduler.runNow('dev-mailbox-retention');
      assert.equal((await t.repos.outbox.listDevMail(10, 'x@contoso.example')).length, 0, 'the dev mailbox keeps 7 days');
      assert.ok(await t.repos.outbox.get(sent), 'sent mail kept for 30 days');

      t.clock.advance(2 * DAY);
      await t.services.scheduler.runNow('sign-in-retention');
      await t.services.scheduler.runNow('outbox-retention');
      assert.equal((await rows()).length, 0, 'the sign-in log is gone after 30 days');
      assert.equal(await t.repos.outbox.get(sent), undefined, 'so is the sent mail');
    });
  });
}
