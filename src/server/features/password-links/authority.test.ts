import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';
const NEW = 'Fjord&Kiwi*8372-Moss';

type Session = { cookie: string; csrf: string };

/*
 * Issue 12, finding 4: a set-password link must not outlive the rights it was sent with. The
 * sender's current roles are checked against the target's current roles when the link is used
 * (checklist A1, R8), and links end when the target gets a role, when their addresses change, and
 * when the sender loses a role (audited, AU1).
 */
for (const engine of testEngines()) {
  describe(`set-password links: authority at the time of use (${engine})`, () => {
    let t: TestApp;
    let ua: Session;
    let ga: Session;
    let helpdesk: Session;
    let n = 0;
    before(async () => {
      t = await createTestApp({ engine, config: { publicUrl: 'https://passwords.contoso.example' } });
      await t.createUser({ userPrincipalName: 'ua@contoso.example', password: PASSWORD, roles: ['user-administrator'] });
      await t.createUser({ userPrincipalName: 'ga@contoso.example', password: PASSWORD, roles: ['global-administrator'] });
      await t.createUser({ userPrincipalName: 'hd@contoso.example', password: PASSWORD, roles: ['helpdesk-administrator'] });
      ua = await t.signIn('ua@contoso.example', PASSWORD);
      ga = await t.signIn('ga@contoso.example', PASSWORD);
      helpdesk = await t.signIn('hd@contoso.example', PASSWORD);
    });
    after(() => t.close());

    const call = (who: Session, method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
      t.app.inject({ method, url, ...(payload ? { payload } : {}), headers: { cookie: who.cookie, 'x-csrf-token': who.csrf } });
    const redeem = (token: string) => t.app.inject({ method: 'POST', url: '/api/v1/password-links/redeem', payload: { token, newPassword: NEW } });
    const inspect = (token: string) => t.app.inject({ method: 'POST', url: '/api/v1/password-links/inspect', payload: { token } });
    /** A plain user whose alternate address is `mailbox`, and the token of a link `sender` sent them. */
    const linked = async (sender: Session, mailbox: string) => {
      const upn = `target${++n}@contoso.example`;
      const { id } = await t.createUser({ userPrincipalName: upn, password: PASSWORD });
      assert.equal((await call(ua, 'PATCH', `/api/v1/users/${id}`, { otherMails: [mailbox] })).statusCode, 200);
      const sent = await call(sender, 'POST', `/api/v1/users/${id}/reset-password`, { sendLink: true });
      assert.equal(sent.statusCode, 200, sent.body);
      await t.outboxWorker.drain();
      // The mailbox also got the contact-details notice of the PATCH (N4): pick the link's mail.
      const mail = (await t.repos.outbox.listDevMail(10, mailbox)).find((m) => m.text.includes('/set-password#token='));
      return { id, upn, token: /\/set-password#token=([A-Za-z0-9_-]{43})/.exec(mail!.text)![1]! };
    };
    const stillOldPassword = async (upn: string) => assert.equal((await t.signIn(upn, PASSWORD)).body.passwordChangeRequired, false);
    const revocations = (targetId: string) => t.repos.audit.list({ action: 'user.password_links_revoked', targetId, limit: 10 });

    test('the reproduction: a User Administrator\u2019s link to a user who then becomes Global Administrator no longer redeems', async () => {
      const { id, upn, token } = await linked(ua, `ua.own.mailbox${n}@example.org`);
      const made = await call(ga, 'POST', '/api/v1/role-assignments', { userId: id, role: 'Global Administrator' });
      assert.equal(made.statusCode, 201);
      assert.equal((await inspect(token)).json().code, 'links.invalid');
      const res = await redeem(token);
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().code, 'links.invalid', 'the User Administrator does not get to set a Global Administrator\u2019s password');
      await stillOldPassword(upn);
      const [event] = await revocations(id);
      assert.equal(event?.details?.reason, 'role_assigned');
      assert.equal(event?.details?.links, 1);
      assert.equal(event?.actorName, 'ga@contoso.example');
    });

    test('redemption decides again on the current roles, even when a role arrives without the revocation (A1)', async () => {
      const { id, upn, token } = await linked(ua, `second.mailbox${n}@example.org`);
      // A role written straight to the store (as an import or a group would): no hook ends the link.
      await t.repos.users.assignRole(id, 'privileged-authentication-administrator', t.clock.now());
      assert.equal((await inspect(token)).json().code, 'links.invalid');
      assert.equal((await redeem(token)).json().code, 'links.invalid');
      await stillOldPassword(upn);
      const [refusal] = await t.repos.audit.list({ action: 'user.password_set_by_link', outcome: 'failure', targetId: id, limit: 5 });
      assert.equal(refusal?.details?.reason, 'not_permitted');
      // The refused link is spent: taking the role away again does not revive it.
      await t.repos.users.removeRole(id, 'privileged-authentication-administrator');
      assert.equal((await redeem(token)).json().code, 'links.invalid');
    });

    test('a sender who loses the role, or is disabled, can no longer have their links redeemed', async () => {
      await t.createUser({ userPrincipalName: 'hd2@contoso.example', password: PASSWORD, roles: ['helpdesk-administrator'] });
      const hd2 = await t.signIn('hd2@contoso.example', PASSWORD);
      const { id: hd2Id } = (await t.repos.users.findBySignInName('hd2@contoso.example'))!;
      const first = await linked(hd2, `first${n}@example.org`);
      const second = await linked(hd2, `second${n}@example.org`);
      assert.equal((await call(ga, 'DELETE', `/api/v1/role-assignments/helpdesk-administrator.${hd2Id}`)).statusCode, 204);
      assert.equal((await redeem(first.token)).json().code, 'links.invalid');
      assert.equal((await redeem(second.token)).json().code, 'links.invalid');
      await stillOldPassword(first.upn);
      const [event] = await revocations(hd2Id);
      assert.deepEqual({ reason: event?.details?.reason, links: event?.details?.links }, { reason: 'sender_role_removed', links: 2 });

      // Disabled (no role change, no revocation): the check at redemption refuses.
      const { id: hd3Id } = await t.createUser({ userPrincipalName: 'hd3@contoso.example', password: PASSWORD, roles: ['helpdesk-administrator'] });
      const third = await linked(await t.signIn('hd3@contoso.example', PASSWORD), `third${n}@example.org`);
      await t.repos.users.setFlags(hd3Id, { accountEnabled: false }, t.clock.now());
      assert.equal((await redeem(third.token)).json().code, 'links.invalid');
      await t.repos.users.setFlags(hd3Id, { accountEnabled: true }, t.clock.now());
      assert.equal((await redeem(third.token)).json().code, 'links.invalid', 'spent by the refusal');
      await stillOldPassword(third.upn);
    });

    test('changing an address the link or a reset could go through ends open links; other fields do not (R8)', async () => {
      for (const [field, value] of [
        ['otherMails', ['fixed@example.org']],
        ['mail', 'changed.primary@contoso.example'],
        ['mobilePhone', '+31 6 12345678'],
        ['businessPhones', ['+31 20 1234567']],
        ['userPrincipalName', 'renamed.target@contoso.example'],
      ] as const) {
        const { id, upn, token } = await linked(helpdesk, `addr.${field}${n}@example.org`);
        assert.equal((await call(ga, 'PATCH', `/api/v1/users/${id}`, { department: 'Sales' })).statusCode, 200);
        assert.equal((await inspect(token)).statusCode, 200, 'an ordinary field leaves the link alone');
        assert.equal((await call(ga, 'PATCH', `/api/v1/users/${id}`, { [field]: value })).statusCode, 200);
        assert.equal((await redeem(token)).json().code, 'links.invalid', field);
        if (field !== 'userPrincipalName') await stillOldPassword(upn);
        const [event] = await revocations(id);
        assert.equal(event?.details?.reason, 'addresses_changed', field);
      }
    });

    test('a link still redeems when nothing changed (the checks do not refuse the normal case)', async () => {
      const { upn, token } = await linked(helpdesk, `plain${n}@example.org`);
      assert.equal((await redeem(token)).statusCode, 204);
      await t.signIn(upn, NEW);
    });
  });
}
