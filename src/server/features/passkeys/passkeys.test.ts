// Passkeys under Security info (issue 17): real WebAuthn registration and assertion, made by a
// software authenticator with real ES256 keys and CBOR (authenticator.fixture.ts) and verified by
// @simplewebauthn/server through the real HTTP API, on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { assertPostgresInCi, testEngines } from '../../testing/databases.js';
import { startSmtpSink, type SmtpSink } from '../../testing/smtp-sink.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { authenticatorFor, passkeyDriver, testOrigin } from './passkeys.fixture.js';
import { softAuthenticator } from './authenticator.fixture.js';
import { relyingParty } from './relying-party.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';
assertPostgresInCi();

for (const engine of testEngines()) {
  describe(`passkeys (${engine})`, () => {
    let t: TestApp;
    let sink: SmtpSink;
    let d: ReturnType<typeof passkeyDriver>;
    let n = 0;
    const user = async (language?: 'en' | 'nl') => {
      const upn = `pk${++n}@contoso.example`;
      const { id } = await t.createUser({ userPrincipalName: upn, password: PASSWORD, ...(language ? { preferredLanguage: language } : {}) });
      return { id, upn, who: await t.signIn(upn, PASSWORD) };
    };
    before(async () => {
      sink = await startSmtpSink();
      t = await createTestApp({ engine, config: { smtpUrl: sink.url } });
      d = passkeyDriver(t);
    });
    after(async () => {
      await t.close();
      await sink.close();
    });

    test('registration options ask for a discoverable credential with user verification, for this RP, excluding registered ones', async () => {
      const { who } = await user();
      const first = (await d.options(who)).json<PublicKeyCredentialCreationOptionsJSON>();
      assert.equal(first.rp.id, 'localhost');
      assert.equal(first.authenticatorSelection?.residentKey, 'required');
      assert.equal(first.authenticatorSelection?.userVerification, 'required');
      assert.deepEqual(first.excludeCredentials, []);
      const authenticator = authenticatorFor(t);
      await d.finish(who, 'Laptop', authenticator.create(first));
      // The account now has MFA: a second registration needs a passkey step-up first (issue 17).
      assert.equal((await d.stepUpWithPasskey(who, PASSWORD, authenticator)).statusCode, 200);
      const second = (await d.options(who)).json<PublicKeyCredentialCreationOptionsJSON>();
      assert.deepEqual(
        second.excludeCredentials?.map((c) => c.id),
        authenticator.credentials.map((c) => c.id.toString('base64url')),
      );
    });

    test('a registered passkey is listed, audited, mailed, and proves the user in an assertion (sign-in MFA, step-up, portal)', async () => {
      const { id, upn, who } = await user('nl');
      const authenticator = authenticatorFor(t);
      const passkeyId = await d.register(who, PASSWORD, authenticator, 'Werklaptop');
      const listed = (await d.list(who)).json<{ passkeys: { id: string; name: string; lastUsedAt: string | null }[] }>().passkeys;
      assert.deepEqual(
        listed.map((p) => [p.id, p.name, p.lastUsedAt]),
        [[passkeyId, 'Werklaptop', null]],
      );
      const audit = await t.repos.audit.listForTarget(id, 50);
      assert.ok(audit.some((e) => e.action === 'security_info.method_added' && e.details.method === 'passkey'));
      await t.outboxWorker.drain();
      const mail = sink.mails.find((m) => m.to.includes(upn) && /passkey/i.test(m.text));
      assert.ok(mail, 'a notice in the user\u2019s language');
      assert.match(mail.subject + mail.text, /beveiligingsgegevens|passkey/i);

      const assertions = t.services.passkeys.assertions;
      assert.equal(await assertions.count(id), 1);
      const options = await assertions.assertionOptions({ userId: id, binding: 'test:1', now: t.clock.now() });
      assert.deepEqual(
        options.allowCredentials?.map((c) => c.id),
        [authenticator.credentials[0]!.id.toString('base64url')],
      );
      assert.equal(options.userVerification, 'required');
      const proof = authenticator.get(options);
      const result = await assertions.verifyAssertion({ userId: id, binding: 'test:1', response: proof, now: t.clock.now() });
      assert.deepEqual(result, { userId: id, credentialId: authenticator.credentials[0]!.id.toString('base64url') });
      // Single use (R5): the same assertion again is refused, its challenge is spent.
      assert.equal(await assertions.verifyAssertion({ userId: id, binding: 'test:1', response: proof, now: t.clock.now() }), null);
      const used = (await d.list(who)).json<{ passkeys: { lastUsedAt: string | null }[] }>().passkeys;
      assert.equal(used[0]!.lastUsedAt, t.clock.now().toISOString());
    });

    test('an assertion is refused for the wrong binding, the wrong user, without user verification, from another origin, or with a replayed counter', async () => {
      const a = await user();
      const b = await user();
      const keyA = authenticatorFor(t);
      await d.register(a.who, PASSWORD, keyA);
      const assertions = t.services.passkeys.assertions;
      const now = () => t.clock.now();
      const fresh = async (binding: string, userId: string | null = a.id) => assertions.assertionOptions({ userId, binding, now: now() });

      // Another binding than the challenge's (a challenge for one session can't finish another's MFA).
      const o1 = await fresh('session:a');
      assert.equal(await assertions.verifyAssertion({ userId: a.id, binding: 'session:b', response: keyA.get(o1), now: now() }), null);
      // Someone else's passkey for this user (the credential belongs to a, the flow is b's).
      const o2 = await fresh('flow:b', null);
      assert.equal(await assertions.verifyAssertion({ userId: b.id, binding: 'flow:b', response: keyA.get(o2), now: now() }), null);
      // The same credential, answered without user verification (UV flag clear).
      const noUv = softAuthenticator(testOrigin(t), { userVerified: false });
      noUv.credentials.push(keyA.credentials[0]!);
      const o3 = await fresh('uv');
      assert.equal(await assertions.verifyAssertion({ userId: a.id, binding: 'uv', response: noUv.get(o3), now: now() }), null);
      // A phishing origin: the signature is real, the origin in clientDataJSON is not ours.
      const phish = softAuthenticator('https://latchkey.example.evil', {});
      phish.credentials.push(keyA.credentials[0]!);
      const o4 = await fresh('phish');
      assert.equal(await assertions.verifyAssertion({ userId: a.id, binding: 'phish', response: phish.get(o4), now: now() }), null);
      // An expired challenge (5 minutes).
      const o5 = await fresh('late');
      const late = keyA.get(o5);
      t.clock.advance(301_000);
      assert.equal(await assertions.verifyAssertion({ userId: a.id, binding: 'late', response: late, now: now() }), null);
      // A cloned authenticator: its counter does not move past what the server saw (WebAuthn §6.1.1).
      const o6 = await fresh('ok');
      assert.ok(await assertions.verifyAssertion({ userId: a.id, binding: 'ok', response: keyA.get(o6), now: now() }));
      keyA.credentials[0]!.counter -= 2;
      const o7 = await fresh('clone');
      assert.equal(await assertions.verifyAssertion({ userId: a.id, binding: 'clone', response: keyA.get(o7), now: now() }), null);
    });

    test('registration is refused without user verification, for a spent challenge, or for another user\u2019s challenge', async () => {
      const a = await user();
      const b = await user();
      const optionsA = (await d.options(a.who)).json<PublicKeyCredentialCreationOptionsJSON>();
      const noUv = authenticatorFor(t, { userVerified: false });
      const res = await d.finish(a.who, 'No UV', noUv.create(optionsA));
      assert.equal(res.statusCode, 400);
      assert.equal(res.json<{ code: string }>().code, 'passkeys.registration_failed');
      // The challenge was spent by that attempt: a good answer to it now fails too (R5).
      const good = authenticatorFor(t);
      assert.equal((await d.finish(a.who, 'Late', good.create(optionsA))).json<{ code: string }>().code, 'passkeys.registration_failed');
      // a's challenge can't register a key for b.
      const optionsA2 = (await d.options(a.who)).json<PublicKeyCredentialCreationOptionsJSON>();
      assert.equal((await d.finish(b.who, 'Stolen', good.create(optionsA2))).json<{ code: string }>().code, 'passkeys.registration_failed');
      assert.equal((await d.list(b.who)).json<{ passkeys: unknown[] }>().passkeys.length, 0);
      // A problem body in Dutch too.
      const nl = await t.app.inject({
        method: 'POST',
        url: '/api/v1/me/security-info/passkeys',
        payload: { name: 'x', response: good.create(optionsA2) },
        headers: { cookie: b.who.cookie, 'x-csrf-token': b.who.csrf, 'accept-language': 'nl' },
      });
      assert.equal(nl.statusCode, 400);
      assert.match(nl.json<{ title: string }>().title, /passkey kon niet/);
    });

    test('removal needs step-up, removes only my own passkey, and is audited and mailed', async () => {
      const a = await user();
      const b = await user();
      const key = authenticatorFor(t);
      const id = await d.register(a.who, PASSWORD, key);
      // b can't remove a's passkey (404, nothing changes).
      assert.equal((await d.remove(b.who, id)).statusCode, 404);
      // a has MFA now and the session's MFA proof is older than the window: step-up first.
      t.clock.advance((t.config.stepUpMaxAgeSeconds + 1) * 1000);
      const refused = await d.remove(a.who, id);
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.json<{ code: string }>().code, 'auth.step_up_required');
      assert.equal((await d.stepUpWithPasskey(a.who, PASSWORD, key)).statusCode, 200);
      assert.equal((await d.remove(a.who, id)).statusCode, 204);
      assert.equal((await d.list(a.who)).json<{ passkeys: unknown[] }>().passkeys.length, 0);
      assert.equal((await d.remove(a.who, id)).json<{ code: string }>().code, 'passkeys.not_found');
      const audit = await t.repos.audit.listForTarget(a.id, 50);
      assert.ok(audit.some((e) => e.action === 'security_info.method_removed' && e.details.method === 'passkey'));
    });

    test('malformed WebAuthn input is a localised 400, never a 500', async () => {
      const { who } = await user();
      for (const response of [
        {},
        { id: 'x', rawId: 'x', type: 'public-key', response: { clientDataJSON: 'bm90IGpzb24', attestationObject: 'AAAA' } },
        {
          id: 'x',
          rawId: 'x',
          type: 'public-key',
          response: { clientDataJSON: Buffer.from('{"challenge":"AAAAAAAAAAAAAAAAAAAAAA"}').toString('base64url'), attestationObject: '' },
        },
      ]) {
        const res = await d.finish(who, 'Bad', response);
        assert.equal(res.statusCode, 400, res.body);
        assert.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
      }
    });
  });
}

test('the software authenticator is not a stand-in: @simplewebauthn refuses its answer to a challenge it was not given', async () => {
  const t = await createTestApp();
  try {
    const { id } = await t.createUser({ userPrincipalName: 'solo@contoso.example', password: PASSWORD });
    const who = await t.signIn('solo@contoso.example', PASSWORD);
    const d = passkeyDriver(t);
    const key = authenticatorFor(t);
    await d.register(who, PASSWORD, key);
    const options = await t.services.passkeys.assertions.assertionOptions({ userId: id, binding: 'b', now: t.clock.now() });
    const forged: PublicKeyCredentialRequestOptionsJSON = { ...options, challenge: Buffer.alloc(32, 7).toString('base64url') };
    assert.equal(await t.services.passkeys.assertions.verifyAssertion({ userId: id, binding: 'b', response: key.get(forged), now: t.clock.now() }), null);
  } finally {
    await t.close();
  }
});

test('the relying party comes from the public URL, else the server\u2019s own loopback address as localhost; never from the Host header', async () => {
  assert.deepEqual(relyingParty('https://passwords.contoso.example', 'http://127.0.0.1:3000'), {
    id: 'passwords.contoso.example',
    origins: ['https://passwords.contoso.example'],
  });
  assert.deepEqual(relyingParty(null, 'http://127.0.0.1:41234'), { id: 'localhost', origins: ['http://localhost:41234'] });
  assert.deepEqual(relyingParty(null, 'http://[::1]:8080'), { id: 'localhost', origins: ['http://localhost:8080'] });
  const t = await createTestApp({ config: { publicUrl: 'https://passwords.contoso.example' } });
  try {
    await t.createUser({ userPrincipalName: 'rp@contoso.example', password: PASSWORD });
    const who = await t.signIn('rp@contoso.example', PASSWORD);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/me/security-info/passkeys/options',
      headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, host: 'evil.example', origin: 'https://passwords.contoso.example' },
    });
    assert.equal(res.statusCode, 200, res.body);
    const options = res.json<PublicKeyCredentialCreationOptionsJSON>();
    assert.equal(options.rp.id, 'passwords.contoso.example');
    // An answer made on another origin (here the development one) does not register.
    const wrongOrigin = softAuthenticator('http://localhost:3000').create(options);
    const done = await passkeyDriver(t).finish(who, 'Elsewhere', wrongOrigin);
    assert.equal(done.json<{ code: string }>().code, 'passkeys.registration_failed');
    const right = softAuthenticator('https://passwords.contoso.example').create(
      (await passkeyDriver(t).options(who)).json<PublicKeyCredentialCreationOptionsJSON>(),
    );
    assert.equal((await passkeyDriver(t).finish(who, 'Here', right)).statusCode, 201);
  } finally {
    await t.close();
  }
});
