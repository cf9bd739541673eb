// Checklist A8 (ASVS 16.2.1, 16.3.1; Keycloak admin events): the audit event of an admin reset has
// the UTC time, the admin's id, the target's id, the source IP and the result, and never the
// password or a token: for a generated password (A4), a chosen one, a link (A3) and a refusal.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';
const CHOSEN = 'Fjord&Kiwi*8372-Moss';
const ADMIN_IP = '192.0.2.44';

for (const engine of testEngines()) {
  describe(`A8: the admin reset's audit record (${engine})`, () => {
    let t: TestApp;
    let adminId: string;
    let admin: { cookie: string; csrf: string };
    before(async () => {
      t = await createTestApp({ engine, config: { trustedProxies: '127.0.0.1' } });
      adminId = (await t.createUser({ userPrincipalName: 'helpdesk@contoso.example', password: PASSWORD, roles: ['helpdesk-administrator'] })).id;
      admin = await t.signIn('helpdesk@contoso.example', PASSWORD);
    });
    after(() => t.close());

    const reset = (id: string, payload: object) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/users/${id}/reset-password`,
        payload,
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'x-forwarded-for': ADMIN_IP, 'user-agent': 'A8-test-agent' },
      });

    test('generated, chosen, link and refused: who, whom, when (UTC), from where, the outcome; no secret', async () => {
      const cases: { name: string; payload: object; outcome: 'success' | 'failure' }[] = [
        { name: 'generated', payload: { autoGenerate: true }, outcome: 'success' },
        { name: 'chosen', payload: { autoGenerate: false, password: CHOSEN }, outcome: 'success' },
        { name: 'link', payload: { sendLink: true }, outcome: 'success' },
        { name: 'refused', payload: { autoGenerate: false, password: 'password' }, outcome: 'failure' },
      ];
      for (const c of cases) {
        const { id } = await t.createUser({ userPrincipalName: `a8-${c.name}@contoso.example`, password: PASSWORD });
        await t.db.db
          .updateTable('app_user')
          .set({ other_mails: JSON.stringify([`a8-${c.name}@example.org`]) })
          .where('id', '=', id)
          .execute();
        const res = await reset(id, c.payload);
        const secrets = [CHOSEN, ...(res.statusCode === 200 && res.json().password ? [res.json().password as string] : [])];
        assert.equal(res.statusCode < 300, c.outcome === 'success', `${c.name}: ${res.statusCode} ${res.body}`);
        await t.outboxWorker.drain();
        const mails = await t.repos.outbox.listDevMail(5, `a8-${c.name}@example.org`);
        const token = mails.map((m) => /token=([A-Za-z0-9_-]{43})/.exec(m.text)?.[1]).find(Boolean);
        if (token) secrets.push(token);
        const events = (await t.repos.audit.list({ targetId: id, limit: 20 })).filter((e) => e.actorId === adminId);
        assert.ok(events.length >= 1, `${c.name}: an event`);
        const event = events.find((e) => e.outcome === c.outcome);
        assert.ok(event, `${c.name}: an event with outcome ${c.outcome} (${events.map((e) => `${e.action}:${e.outcome}`).join(', ')})`);
        assert.equal(event.actorId, adminId);
        assert.equal(event.targetId, id);
        assert.equal(event.ipAddress, ADMIN_IP);
        assert.ok(event.occurredAt instanceof Date && event.occurredAt.getTime() === t.clock.now().getTime(), 'the time, an instant (stored as UTC)');
        assert.ok(event.correlationId, 'a correlation id');
        const stored = JSON.stringify(await t.db.db.selectFrom('audit_event').selectAll().execute());
        assert.match(stored, /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z|\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/, 'stored as UTC ISO-8601 text or a timestamp');
        for (const secret of secrets) assert.ok(!stored.includes(secret), `${c.name}: no password or token in the audit log`);
        t.clock.advance(1000);
      }
    });
  });
}
