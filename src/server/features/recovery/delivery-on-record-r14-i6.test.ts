// Checklist R14 (GitLab CVE-2023-7028; Forgot Password CS): reset codes go only to the address on
// record: a name sent as an array, twice (duplicate JSON keys), with a CRLF-injected Bcc:, or in
// another case gets at most one message, to the stored address, with no extra recipient.
// Checklist I6 (ASVS 1.1.1; the CVE-2023-7028 class): identifiers are canonicalised consistently:
// any case resolves the one account (sign-in and the portal), a homoglyph or compatibility
// variant matches nobody.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { latestCode, recoveryDriver, solveCaptcha } from '../../testing/recovery.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';
const STORED = 'victim.private@example.org';

for (const engine of testEngines()) {
  describe(`R14, I6: mail only to the address on record; one canonical account per name (${engine})`, () => {
    let t: TestApp;
    let d: ReturnType<typeof recoveryDriver>;
    before(async () => {
      t = await createTestApp({ engine, config: { recoveryCaptchaMaxNumber: 50 } });
      await t.createUser({ userPrincipalName: 'admin@contoso.example', password: PASSWORD, roles: ['global-administrator'] });
      const admin = await t.signIn('admin@contoso.example', PASSWORD);
      d = recoveryDriver(t);
      await d.configure(admin, {
        enabledFor: 'all',
        methods: { email: true, mobilePhone: true, officePhone: false, authenticatorApp: true, securityQuestions: false },
        methodsRequired: 1,
      });
      await t.createUser({ userPrincipalName: 'victim@contoso.example', password: PASSWORD });
      const who = await t.signIn('victim@contoso.example', PASSWORD);
      await d.registerCode(who, PASSWORD, 'email', STORED);
    });
    after(() => t.close());

    /** Every real message (decoys have no recipient) queued since the snapshot `since` was taken. */
    const queuedSince = async (since: Set<string>) =>
      (await t.db.db.selectFrom('outbox').selectAll().execute()).filter((r) => !since.has(r.id) && r.recipient !== '');
    const outboxSize = async () => new Set((await t.db.db.selectFrom('outbox').select('id').execute()).map((r) => r.id));
    const rawStart = async (body: string) => {
      const challenge = (await d.json(null, 'GET', '/api/v1/recovery/captcha')).json<Parameters<typeof solveCaptcha>[0]>();
      return t.app.inject({
        method: 'POST',
        url: '/api/v1/recovery/flows',
        payload: body.replace('CAPTCHA', solveCaptcha(challenge)),
        headers: { 'content-type': 'application/json' },
      });
    };

    test('a name as an array, twice in one body, or with a CRLF-injected Bcc: refused, or at most one message to the stored address (R14)', async () => {
      const before = await outboxSize();
      const arrays = await rawStart('{"username":["victim@contoso.example","attacker@evil.example"],"captcha":"CAPTCHA"}');
      assert.equal(arrays.statusCode, 400, 'an array is not a name');
      assert.match(String(arrays.headers['content-type']), /problem\+json/);

      for (const body of [
        '{"username":"victim@contoso.example","username":"attacker@evil.example","captcha":"CAPTCHA"}',
        '{"username":"attacker@evil.example","username":"victim@contoso.example","captcha":"CAPTCHA"}',
        '{"username":"victim@contoso.example\\r\\nBcc: attacker@evil.example","captcha":"CAPTCHA"}',
        '{"username":"victim@contoso.example\\nCc: attacker@evil.example","captcha":"CAPTCHA"}',
        '{"username":"victim@contoso.example,attacker@evil.example","captcha":"CAPTCHA"}',
        '{"username":"victim@contoso.example;attacker@evil.example","captcha":"CAPTCHA"}',
      ]) {
        const started = await rawStart(body);
        assert.ok(started.statusCode < 500, `${body}: ${started.statusCode}`);
        if (started.statusCode !== 201 && started.statusCode !== 200) continue;
        const flow = started.json<{ id: string; methods?: unknown }>();
        const sent = await d.send(flow.id, 'email');
        assert.ok(sent.statusCode < 500, `${body}: send ${sent.statusCode}`);
      }
      await t.outboxWorker.drain();
      const queued = await queuedSince(before);
      const recipients = queued.map((r) => r.recipient);
      assert.ok(recipients.length <= 2, `at most one message per accepted request naming the victim: ${recipients.join(', ')}`);
      for (const r of recipients) assert.equal(r, STORED, 'only ever the stored address');
      const all = JSON.stringify(await t.db.db.selectFrom('outbox').selectAll().execute());
      assert.ok(!all.includes('attacker@evil.example') && !all.includes('Bcc'), 'no injected recipient or header anywhere in the outbox');
    });

    test('any case of the name reaches the one account and its stored address only (R14, I6)', async () => {
      for (const name of ['VICTIM@CONTOSO.EXAMPLE', 'Victim@Contoso.Example']) {
        const before = await outboxSize();
        const flow = (await d.start(name)).json<{ id: string }>();
        assert.equal((await d.send(flow.id, 'email')).statusCode, 200);
        await t.outboxWorker.drain();
        assert.deepEqual(
          (await queuedSince(before)).map((r) => r.recipient),
          [STORED],
          name,
        );
        // The code proves this flow: it is the victim's account.
        assert.equal((await d.verify(flow.id, { method: 'email', code: await latestCode(t, STORED) })).statusCode, 200, name);
        t.clock.advance(3600_000 + 1000); // past the per-hour validation limit
      }
      for (const name of ['VICTIM@contoso.example', 'victim@CONTOSO.example'])
        assert.equal((await t.signIn(name, PASSWORD)).body.passwordChangeRequired, false);
    });

    test('homoglyph variants match nobody: no sign-in, no mail (I6)', async () => {
      const variants = [
        'vict\u0456m@contoso.example', // Cyrillic і
        'vic\u0442im@contoso.example', // Cyrillic т
        'victim@c\u043Entoso.example', // Cyrillic о in the domain
        'victim\u200B@contoso.example', // zero-width space
      ];
      for (const name of variants) {
        const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: name, password: PASSWORD } });
        assert.equal(res.statusCode, 401, `sign-in as ${JSON.stringify(name)}`);
        const before = await outboxSize();
        const started = await d.start(name);
        assert.ok(started.statusCode < 500);
        if (started.statusCode < 300) await d.send(started.json<{ id: string }>().id, 'email');
        await t.outboxWorker.drain();
        assert.deepEqual(
          (await queuedSince(before)).map((r) => r.recipient),
          [],
          `no real message for ${JSON.stringify(name)}`,
        );
        t.clock.advance(60_000);
      }
      assert.equal((await t.repos.users.findBySignInName('victim@contoso.example'))?.userPrincipalName, 'victim@contoso.example');
    });
  });
}
