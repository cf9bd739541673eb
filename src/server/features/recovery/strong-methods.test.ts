// Checklist R18 (ASVS 6.4.3; NIST 800-63B-4 §4.2): MFA is never bypassed by a reset. An account
// with an authenticator app or a passkey registered must prove one of them at the portal; email
// or phone alone is not enough. And a passkey is a strong method at the portal (issue 17: Entra
// does not accept passkeys for self-service reset; Latchkey does), with options that look the
// same for every name (R1). Through the real HTTP API, on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';
import { assertPostgresInCi, testEngines } from '../../testing/databases.js';
import { latestCode } from '../../testing/recovery.js';
import { totpCode } from '../verification/methods.js';
import { ALL_METHODS, PASSWORD, securityInfoFixture } from '../security-info/security-info.fixture.js';
import { authenticatorFor, passkeyDriver } from '../passkeys/passkeys.fixture.js';
import type { SoftAuthenticator } from '../passkeys/authenticator.fixture.js';

assertPostgresInCi();
const NEW_PASSWORD = 'Lantern-Orchid-Basalt-93!';
type View = { id: string; state: string; proven: string[]; methods: { method: string; destination: string | null }[] };

for (const engine of testEngines()) {
  describe(`reset with MFA-strength proof, passkeys at the portal (${engine})`, () => {
    const f = securityInfoFixture(engine);
    let n = 0;
    const name = (what: string) => `${what}${++n}@contoso.example`;
    const start = async (upn: string) => {
      const res = await f.d.start(upn);
      assert.equal(res.statusCode, 201, res.body);
      return res.json<View>();
    };
    const problem = (res: { json: <T>() => T }) => res.json<{ code: string }>().code;
    const passkeyProof = async (flow: View, key: SoftAuthenticator) => {
      const options = await f.d.json(null, 'POST', `/api/v1/recovery/flows/${flow.id}/passkey-options`);
      assert.equal(options.statusCode, 200, options.body);
      return key.get(options.json<PublicKeyCredentialRequestOptionsJSON>());
    };
    const withApp = async (upn: string, alt: string) => {
      const u = await f.user(upn);
      await f.d.registerCode(u.who, PASSWORD, 'email', alt);
      return { ...u, secret: await f.d.registerApp(u.who, PASSWORD) };
    };
    const withPasskey = async (upn: string, alt: string) => {
      const u = await f.user(upn);
      await f.d.registerCode(u.who, PASSWORD, 'email', alt);
      const key = authenticatorFor(f.t);
      await passkeyDriver(f.t).register(u.who, PASSWORD, key);
      return { ...u, key };
    };

    test('one method required: an authenticator-app user is offered the app only, never email alone (R18)', async () => {
      await f.configure({ methods: { ...ALL_METHODS, securityQuestions: false, passkey: true }, methodsRequired: 1 });
      const upn = name('totp');
      const u = await withApp(upn, `alt.${upn}`);
      const flow = await start(upn);
      assert.deepEqual(
        flow.methods.map((m) => m.method),
        ['authenticatorApp'],
      );
      const email = await f.d.send(flow.id, 'email');
      assert.equal(email.statusCode, 400);
      assert.equal(problem(email), 'recovery.method_not_offered');
      const proven = await f.d.verify(flow.id, { method: 'authenticatorApp', code: totpCode(u.secret, f.t.clock.now()) });
      assert.equal(proven.statusCode, 200, proven.body);
      assert.equal(proven.json<View>().state, 'password');
    });

    test('two methods required: the second proof must be the app or a passkey when the account has one (R18)', async () => {
      await f.configure({ methods: { ...ALL_METHODS, securityQuestions: false, passkey: true }, methodsRequired: 2 });
      const upn = name('two');
      const alt = `alt.${upn}`;
      const u = await withApp(upn, alt);
      await f.d.registerCode(u.who, PASSWORD, 'mobilePhone', '+31612345678');
      const flow = await start(upn);
      assert.deepEqual(flow.methods.map((m) => m.method).sort(), ['authenticatorApp', 'email', 'mobilePhone']);
      assert.equal((await f.d.send(flow.id, 'email')).statusCode, 200);
      const first = await f.d.verify(flow.id, { method: 'email', code: await latestCode(f.t, alt, f.sink) });
      assert.equal(first.statusCode, 200, first.body);
      // Email plus a text message would be two weak proofs: refused before any code is sent.
      const sms = await f.d.send(flow.id, 'mobilePhone');
      assert.equal(sms.statusCode, 400);
      assert.equal(problem(sms), 'recovery.strong_method_required');
      const viaSms = await f.d.verify(flow.id, { method: 'mobilePhone', code: '12345678' });
      assert.equal(problem(viaSms), 'recovery.strong_method_required');
      const nl = await f.d.send(flow.id, 'mobilePhone', { 'accept-language': 'nl' });
      assert.match(nl.json<{ title: string }>().title, /authenticator-app of een passkey/);
      const second = await f.d.verify(flow.id, { method: 'authenticatorApp', code: totpCode(u.secret, f.t.clock.now()) });
      assert.equal(second.statusCode, 200, second.body);
      assert.equal(second.json<View>().state, 'password');
    });

    test('a passkey resets the password at the portal, and email alone is not offered to its owner', async () => {
      await f.configure({ methods: { ...ALL_METHODS, securityQuestions: false, passkey: true }, methodsRequired: 1 });
      const upn = name('pk');
      const { key } = await withPasskey(upn, `alt.${upn}`);
      const flow = await start(upn);
      assert.deepEqual(flow.methods, [{ method: 'passkey', destination: null }]);
      const wrong = await f.d.verify(flow.id, { method: 'passkey', assertion: await passkeyProof(flow, authenticatorFor(f.t)).catch(() => undefined) });
      assert.equal(wrong.statusCode, 400);
      assert.equal(problem(wrong), 'recovery.passkey_invalid');
      const proven = await f.d.verify(flow.id, { method: 'passkey', assertion: await passkeyProof(flow, key) });
      assert.equal(proven.statusCode, 200, proven.body);
      assert.deepEqual(proven.json<View>().proven, ['passkey']);
      const done = await f.d.password(flow.id, NEW_PASSWORD);
      assert.equal(done.statusCode, 200, done.body);
      assert.equal((await f.d.json(null, 'POST', '/api/v1/auth/sign-in', { username: upn, password: NEW_PASSWORD })).statusCode, 200);
      // The reset does not remove MFA (R18's second half): the passkey is still registered.
      const mine = await f.t.signIn(upn, NEW_PASSWORD).catch(() => null);
      if (mine) assert.equal((await passkeyDriver(f.t).list(mine)).json<{ passkeys: unknown[] }>().passkeys.length, 1);
    });

    test('someone else\u2019s passkey does not prove an account, and an unknown name gets the same options but never succeeds (R1)', async () => {
      await f.configure({ methods: { ...ALL_METHODS, securityQuestions: false, passkey: true }, methodsRequired: 1 });
      const victim = name('victim');
      await withPasskey(victim, `alt.${victim}`);
      const attacker = name('attacker');
      const { key: attackerKey } = await withPasskey(attacker, `alt.${attacker}`);
      const flow = await start(victim);
      const stolen = await f.d.verify(flow.id, { method: 'passkey', assertion: await passkeyProof(flow, attackerKey) });
      assert.equal(problem(stolen), 'recovery.passkey_invalid');

      const real = await f.d.json(null, 'POST', `/api/v1/recovery/flows/${flow.id}/passkey-options`);
      // Decoys are keyed by the name: find an unknown name whose decoy offers a passkey.
      let unknownFlow: View | undefined;
      for (let i = 0; i < 12 && !unknownFlow; i++) {
        const candidate = await start(`nobody-${i}@contoso.example`);
        if (candidate.methods.some((m) => m.method === 'passkey')) unknownFlow = candidate;
      }
      assert.ok(unknownFlow, 'some unknown name is offered a passkey, as real passkey owners are');
      {
        const fake = await f.d.json(null, 'POST', `/api/v1/recovery/flows/${unknownFlow.id}/passkey-options`);
        assert.equal(fake.statusCode, 200);
        const [a, b] = [real.json<Record<string, unknown>>(), fake.json<Record<string, unknown>>()];
        assert.deepEqual(Object.keys(a).sort(), Object.keys(b).sort());
        assert.deepEqual({ ...a, challenge: '' }, { ...b, challenge: '' });
        const forged = await f.d.verify(unknownFlow.id, { method: 'passkey', assertion: attackerKey.get(fake.json<PublicKeyCredentialRequestOptionsJSON>()) });
        assert.equal(problem(forged), 'recovery.passkey_invalid');
      }
      // No credential ids are listed for anyone: the browser offers the passkeys it holds.
      assert.deepEqual(real.json<{ allowCredentials?: unknown[] }>().allowCredentials ?? [], []);
    });

    test('an MFA account whose strong methods the policy does not offer can\u2019t reset with email alone', async () => {
      await f.configure({ methods: { ...ALL_METHODS, securityQuestions: false, passkey: false }, methodsRequired: 1 });
      const upn = name('nopk');
      const alt = `alt.${upn}`;
      await withPasskey(upn, alt);
      const flow = await start(upn);
      const offered = flow.methods.map((m) => m.method);
      assert.ok(!offered.includes('passkey'));
      if (offered.includes('email')) {
        // A decoy: the send is answered alike, but no code goes to the account's address.
        const before = f.sink.mails.length;
        assert.equal((await f.d.send(flow.id, 'email')).statusCode, 200);
        await f.t.outboxWorker.drain();
        assert.ok(!f.sink.mails.slice(before).some((m) => m.to.includes(alt) && /\b\d{8}\b/.test(m.text)));
      }
    });

    test('an account without MFA still resets with email alone (no change for it)', async () => {
      await f.configure({ methods: { ...ALL_METHODS, securityQuestions: false, passkey: true }, methodsRequired: 1 });
      const upn = name('plain');
      const alt = `alt.${upn}`;
      const u = await f.user(upn);
      await f.d.registerCode(u.who, PASSWORD, 'email', alt);
      const flow = await start(upn);
      assert.deepEqual(
        flow.methods.map((m) => m.method),
        ['email'],
      );
      assert.equal((await f.d.send(flow.id, 'email')).statusCode, 200);
      const proven = await f.d.verify(flow.id, { method: 'email', code: await latestCode(f.t, alt, f.sink) });
      assert.equal(proven.json<View>().state, 'password');
    });
  });
}
