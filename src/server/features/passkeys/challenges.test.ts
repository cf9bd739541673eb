// WebAuthn challenges (issue 17; checklist R5, R6): stored hashed, bound, short-lived and single
// use under concurrency, on SQLite and PostgreSQL: of many simultaneous redemptions of one
// challenge exactly one succeeds.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { PublicKeyCredentialCreationOptionsJSON } from '@simplewebauthn/server';
import { sha256 } from '../../core/crypto.js';
import { assertPostgresInCi, testEngines } from '../../testing/databases.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { authenticatorFor, passkeyDriver } from './passkeys.fixture.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';
const RACERS = 24;
assertPostgresInCi();

for (const engine of testEngines()) {
  describe(`passkey challenges (${engine})`, () => {
    let t: TestApp;
    let n = 0;
    const user = async () => {
      const upn = `ch${++n}@contoso.example`;
      const { id } = await t.createUser({ userPrincipalName: upn, password: PASSWORD });
      return { id, who: await t.signIn(upn, PASSWORD) };
    };
    before(async () => {
      t = await createTestApp({ engine });
    });
    after(async () => t.close());

    test('only the SHA-256 of a challenge is stored, with its purpose, binding and a 5-minute expiry', async () => {
      const { id } = await user();
      const options = await t.services.passkeys.assertions.assertionOptions({ userId: id, binding: 'flow:x', now: t.clock.now() });
      const rows = await t.db.db.selectFrom('passkey_challenge').selectAll().where('binding', '=', 'flow:x').execute();
      assert.equal(rows.length, 1);
      assert.equal(rows[0]!.challenge_hash, sha256(options.challenge));
      assert.notEqual(rows[0]!.challenge_hash, options.challenge);
      assert.equal(rows[0]!.purpose, 'assertion');
      assert.equal(new Date(rows[0]!.expires_at).getTime() - t.clock.now().getTime(), 300_000);
      // Expired challenges are dropped when new ones are handed out.
      t.clock.advance(301_000);
      await t.services.passkeys.assertions.assertionOptions({ userId: id, binding: 'flow:y', now: t.clock.now() });
      assert.equal((await t.db.db.selectFrom('passkey_challenge').selectAll().where('binding', '=', 'flow:x').execute()).length, 0);
    });

    test(`${RACERS} concurrent redemptions of one assertion: exactly one succeeds (R6)`, async () => {
      const { id, who } = await user();
      // Without a signature counter (as synced passkeys are), only the challenge stops a replay.
      const key = authenticatorFor(t, { counterStep: 0 });
      await passkeyDriver(t).register(who, PASSWORD, key);
      const assertions = t.services.passkeys.assertions;
      const options = await assertions.assertionOptions({ userId: id, binding: 'race', now: t.clock.now() });
      const response = key.get(options);
      const results = await Promise.all(
        Array.from({ length: RACERS }, () => assertions.verifyAssertion({ userId: id, binding: 'race', response, now: t.clock.now() })),
      );
      assert.equal(results.filter((r) => r !== null).length, 1);
    });

    test(`${RACERS} concurrent registrations with one answer: exactly one passkey is stored`, async () => {
      const { who } = await user();
      const d = passkeyDriver(t);
      const options = (await d.options(who)).json<PublicKeyCredentialCreationOptionsJSON>();
      const response = authenticatorFor(t).create(options);
      const answers = await Promise.all(Array.from({ length: RACERS }, (_, i) => d.finish(who, `Key ${i}`, response)));
      assert.deepEqual(answers.map((a) => a.statusCode).sort(), [201, ...Array.from({ length: RACERS - 1 }, () => 400)], answers.map((a) => a.body).join('\n'));
      assert.equal((await d.list(who)).json<{ passkeys: unknown[] }>().passkeys.length, 1);
    });

    test('the store\u2019s redemption is the claim: concurrent takes of one challenge, one true', async () => {
      const now = t.clock.now();
      await t.repos.passkeys.putChallenge({
        challengeHash: 'h-race',
        purpose: 'assertion',
        binding: 'b',
        createdAt: now,
        expiresAt: new Date(now.getTime() + 60_000),
      });
      const taken = await Promise.all(
        Array.from({ length: RACERS }, () => t.repos.passkeys.takeChallenge({ challengeHash: 'h-race', purpose: 'assertion', binding: 'b', now })),
      );
      assert.equal(taken.filter(Boolean).length, 1);
      // The wrong purpose or binding takes nothing.
      await t.repos.passkeys.putChallenge({
        challengeHash: 'h-bound',
        purpose: 'registration',
        binding: 'b',
        createdAt: now,
        expiresAt: new Date(now.getTime() + 60_000),
      });
      assert.equal(await t.repos.passkeys.takeChallenge({ challengeHash: 'h-bound', purpose: 'assertion', binding: 'b', now }), false);
      assert.equal(await t.repos.passkeys.takeChallenge({ challengeHash: 'h-bound', purpose: 'registration', binding: 'c', now }), false);
      assert.equal(await t.repos.passkeys.takeChallenge({ challengeHash: 'h-bound', purpose: 'registration', binding: 'b', now }), true);
    });
  });
}
