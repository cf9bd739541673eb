/**
 * Checklist I3 (ASVS 6.2.8, NIST 800-63B-4 item 9): no truncation. A password is verified exactly
 * as set (after NFC): its prefixes, its first 72 bytes (where bcrypt would stop) and its first 64
 * characters don't sign in, nor does a character dropped or added, nor another long password
 * that differs only after byte 72. Each refused attempt is followed by the right password, which
 * must succeed, so a lockout can never be what refuses the wrong one.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';

const FIRST = 'Correct-Horse-42';
// 100 ASCII characters (100 bytes), set through the change-password path.
const LONG = 'Granite-Otter-Lantern-Meadow-Cobalt-Willow-Harbor-Quartz-Ember-Falcon-Prairie-Juniper-Voyage-7319!'.padEnd(100, 'z');
// Multi-byte: 4-byte emoji put the 72-byte mark inside the first 30 code points.
const WIDE = `Zee-${'🦊🌊'.repeat(12)}-Brug-Fiets-Molen-Tulp-${'ü'.repeat(10)}-9`;

/** The longest prefix of whole code points that fits in `bytes` UTF-8 bytes (what a byte-truncating hash would see). */
function firstBytes(password: string, bytes: number): string {
  let out = '';
  for (const ch of password) {
    if (Buffer.byteLength(out + ch, 'utf8') > bytes) break;
    out += ch;
  }
  return out;
}

function variants(password: string): [string, string][] {
  const points = [...password];
  const middle = Math.floor(points.length / 2);
  const all: [string, string][] = [
    ['first 72 bytes', firstBytes(password, 72)],
    ['first 64 characters', points.slice(0, 64).join('')],
    ['all but the last character', points.slice(0, -1).join('')],
    ['half', points.slice(0, middle).join('')],
    ['a character dropped in the middle', [...points.slice(0, middle), ...points.slice(middle + 1)].join('')],
    ['a character added at the end', `${password}x`],
    ['a character added in the middle', [...points.slice(0, middle), 'x', ...points.slice(middle)].join('')],
    ['the same first 72 bytes, another tail', `${firstBytes(password, 72)}${'Q'.repeat(Math.max(1, points.length - [...firstBytes(password, 72)].length))}`],
  ];
  // A password of 64 characters or fewer has no shorter 64-character prefix.
  return all.filter(([, candidate]) => candidate !== password);
}

for (const engine of testEngines()) {
  describe(`no truncation: only the exact password signs in (I3) (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      // Rate limits are not under test here (0: off); smart lockout stays on and is reset by every right attempt.
      t = await createTestApp({ engine, config: { rateLimitSignInPerAccount: 0, rateLimitSignInPerIp: 0 } });
    });
    after(() => t.close());

    const signIn = (username: string, password: string) => t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username, password } });

    async function setThroughChange(upn: string, password: string) {
      await t.createUser({ userPrincipalName: upn, password: FIRST });
      const who = await t.signIn(upn, FIRST);
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/me/change-password',
        payload: { currentPassword: FIRST, newPassword: password },
        headers: { cookie: who.cookie, 'x-csrf-token': who.csrf },
      });
      assert.equal(res.statusCode, 204, res.body);
    }

    async function onlyExact(upn: string, password: string) {
      assert.equal((await signIn(upn, password)).statusCode, 200, 'the exact password signs in');
      for (const [what, candidate] of variants(password)) {
        const res = await signIn(upn, candidate);
        assert.equal(res.statusCode, 401, `${what} (${Buffer.byteLength(candidate)} bytes) must not sign in`);
        assert.equal(res.json().code, 'auth.invalid_credentials');
        assert.equal((await signIn(upn, password)).statusCode, 200, `not locked after trying ${what}`);
      }
    }

    test('a 100-byte ASCII password', async () => {
      assert.equal(Buffer.byteLength(LONG), 100);
      assert.equal(variants(LONG).length, 8);
      await setThroughChange('ascii@contoso.example', LONG);
      await onlyExact('ascii@contoso.example', LONG);
    });

    test('a multi-byte password whose 72nd byte falls early', async () => {
      assert.ok(Buffer.byteLength(WIDE) > 120 && [...firstBytes(WIDE, 72)].length < 30);
      assert.equal(variants(WIDE).length, 7);
      // The Entra profile (the default) refuses non-ASCII when a password is chosen, so this one is stored directly.
      await t.createUser({ userPrincipalName: 'wide@contoso.example', password: WIDE });
      await onlyExact('wide@contoso.example', WIDE);
    });

    test('two long passwords equal in their first 72 bytes: neither signs in as the other', async () => {
      const a = `${LONG.slice(0, 72)}-alpha-tail-0001`;
      const b = `${LONG.slice(0, 72)}-bravo-tail-0002`;
      await setThroughChange('twin-a@contoso.example', a);
      await setThroughChange('twin-b@contoso.example', b);
      assert.equal((await signIn('twin-a@contoso.example', b)).statusCode, 401);
      assert.equal((await signIn('twin-a@contoso.example', a)).statusCode, 200);
      assert.equal((await signIn('twin-b@contoso.example', a)).statusCode, 401);
      assert.equal((await signIn('twin-b@contoso.example', b)).statusCode, 200);
    });
  });
}
