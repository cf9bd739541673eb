/*
 * Bulk reset jobs of directory users (issue 14), against a real slapd: every user written back;
 * slapd stopped mid-job pauses the job (items stay pending, nothing half-done), and once slapd is
 * back and the pause is over the job finishes, every user reset exactly once in both places.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { slapdSkip, startSlapd, type Slapd } from '../../testing/slapd.js';
import { ADMIN_PASSWORD, SEED_PASSWORD, auditsOf, call, directoryUser, seedUsers, type Who } from './writeback-fixture.js';

const skip = slapdSkip();
const USERS = 40;

for (const engine of testEngines()) {
  describe(`password writeback: bulk reset jobs (${engine})`, { skip }, () => {
    let slapd: Slapd;
    let t: TestApp;
    let helpdesk: Who;
    before(async () => {
      slapd = await startSlapd({ users: [...seedUsers('job', 3), ...seedUsers('mid', USERS)] });
      t = await createTestApp({ engine, config: { ...slapd.config() } });
      await t.createUser({ userPrincipalName: 'helpdesk@contoso.example', password: ADMIN_PASSWORD, roles: ['helpdesk-administrator'] });
      helpdesk = await t.signIn('helpdesk@contoso.example', ADMIN_PASSWORD);
    });
    after(async () => {
      await t?.close();
      await slapd?.close();
    });
    const job = (id: string) => call(t, helpdesk, 'GET', `/api/v1/password-reset-jobs/${id}`).then((r) => r.json());

    test('a bulk job writes every user back', async () => {
      const users = [];
      for (let i = 0; i < 3; i++) users.push(await directoryUser(t, slapd, `job${i}`));
      const created = await call(t, helpdesk, 'POST', '/api/v1/password-reset-jobs', { userIds: users.map((u) => u.id) });
      assert.equal(created.statusCode, 202, created.body);
      const { id } = created.json<{ id: string }>();
      await t.services.resetJobs.runAll();
      const done = await job(id);
      assert.equal(done.status, 'completed');
      assert.deepEqual(done.counts, { pending: 0, reset: 3, skipped: 0, failed: 0 });
      const taken = (await call(t, helpdesk, 'POST', `/api/v1/password-reset-jobs/${id}/passwords`)).json<{
        items: { userPrincipalName: string; password: string }[];
      }>();
      for (const u of users) {
        const password = taken.items.find((i) => i.userPrincipalName === u.upn)?.password;
        assert.ok(password);
        assert.equal(await slapd.bindAs(u.dn, password), true, u.upn);
        assert.equal(await slapd.bindAs(u.dn, SEED_PASSWORD), false, u.upn);
      }
    });

    test('slapd stopped mid-job: the job pauses with its users pending, then resumes; each user reset exactly once', async () => {
      const users = [];
      for (let i = 0; i < USERS; i++) users.push(await directoryUser(t, slapd, `mid${i}`));
      const { id } = (await call(t, helpdesk, 'POST', '/api/v1/password-reset-jobs', { userIds: users.map((u) => u.id) })).json<{ id: string }>();
      const resetSoFar = async () =>
        Number(
          (
            await t.db.db
              .selectFrom('reset_job_item')
              .select((eb) => eb.fn.countAll<number>().as('n'))
              .where('job_id', '=', id)
              .where('status', '=', 'reset')
              .executeTakeFirstOrThrow()
          ).n,
        );
      let settled = false;
      const run = t.services.resetJobs.runAll().finally(() => (settled = true));
      // Stop slapd as soon as the first users are through.
      while (!settled && (await resetSoFar()) < 2) await new Promise((r) => setTimeout(r, 1));
      assert.ok(!settled, 'the job was still running when slapd stopped');
      await slapd.stop();
      await run;
      const paused = await job(id);
      assert.equal(paused.status, 'running');
      assert.equal(paused.pausedReason, 'directory.unavailable');
      assert.ok(paused.pausedUntil && Date.parse(paused.pausedUntil) > t.clock.now().getTime(), 'paused for a while');
      assert.ok(paused.counts.reset >= 2 && paused.counts.pending > 0, JSON.stringify(paused.counts));
      assert.equal(paused.counts.failed, 0, 'an outage fails nobody');
      const before = paused.counts.reset;

      await slapd.start();
      await t.services.resetJobs.runAll();
      assert.equal((await job(id)).counts.reset, before, 'nothing runs before the pause is over');

      t.clock.advance(61_000);
      await t.services.resetJobs.runAll();
      const done = await job(id);
      assert.equal(done.status, 'completed', JSON.stringify(done));
      assert.deepEqual(done.counts, { pending: 0, reset: USERS, skipped: 0, failed: 0 });
      assert.equal(done.pausedUntil, null);
      const taken = (await call(t, helpdesk, 'POST', `/api/v1/password-reset-jobs/${id}/passwords`)).json<{
        items: { userPrincipalName: string; password: string }[];
      }>();
      assert.equal(taken.items.length, USERS);
      for (const u of users) {
        const password = taken.items.find((i) => i.userPrincipalName === u.upn)!.password;
        assert.equal(await slapd.bindAs(u.dn, password), true, `${u.upn}: the directory holds the password the job recorded`);
        const audits = await auditsOf(t, u.id, 'user.password_reset');
        assert.equal(audits.success.length, 1, `${u.upn}: reset exactly once`);
      }
      const claims = await t.db.db.selectFrom('directory_write').select('user_id').execute();
      assert.equal(claims.length, 0, 'no claim left behind');
    });
  });
}
