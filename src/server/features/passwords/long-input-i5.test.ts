// Checklist I5 (Authentication CS max input length; Password Storage CS long-password DoS; ASVS
// 4.0.3 2.1.2): 1 MB and 10 MB password fields on sign-in, change, reset and the admin endpoints
// are refused with 400 or 413 before the body is read and without one KDF call; so are passwords
// over the documented cap (256 code points, 1,024 bytes) that fit in a body; and 1,000 parallel
// 100 KB sign-ins do no hashing either. What makes a refusal cheap is proved here by structure
// (no KDF call, an answer while most of the body was never sent); how fast it is, is a benchmark's
// business (`npm run bench -- overhead`), not a timed unit test's: wall-clock limits failed on a
// loaded CI machine while the server did exactly the right thing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createArgon2Hasher } from './hasher.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PasswordHasher } from './hasher.js';
import { testEngines } from '../../testing/databases.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';

for (const engine of testEngines()) {
  describe(`I5: long input is refused before the KDF (${engine})`, () => {
    let t: TestApp;
    let kdf: PasswordHasher & { count: number; longest: number };
    let admin: { cookie: string; csrf: string };
    let userId: string;
    let user: { cookie: string; csrf: string };
    before(async () => {
      // Counts KDF calls and remembers the longest input (in code points) the KDF was ever given.
      const inner = await createArgon2Hasher();
      const seen = (p: string) => {
        kdf.count++;
        kdf.longest = Math.max(kdf.longest, [...p].length);
      };
      kdf = {
        ...inner,
        count: 0,
        longest: 0,
        hash: (p) => (seen(p), inner.hash(p)),
        verify: (stored, p) => (seen(p), inner.verify(stored, p)),
      };
      t = await createTestApp({ engine, hasher: kdf });
      await t.createUser({ userPrincipalName: 'admin@contoso.example', password: PASSWORD, roles: ['global-administrator'] });
      userId = (await t.createUser({ userPrincipalName: 'user@contoso.example', password: PASSWORD })).id;
      admin = await t.signIn('admin@contoso.example', PASSWORD);
      user = await t.signIn('user@contoso.example', PASSWORD);
    });
    after(() => t.close());

    const endpoints = (password: string) => [
      { name: 'sign-in', url: '/api/v1/auth/sign-in', payload: { username: 'user@contoso.example', password }, who: null },
      { name: 'change', url: '/api/v1/me/change-password', payload: { currentPassword: password, newPassword: password }, who: 'user' as const },
      { name: 'change (new only)', url: '/api/v1/me/change-password', payload: { currentPassword: PASSWORD, newPassword: password }, who: 'user' as const },
      { name: 'admin reset', url: `/api/v1/users/${userId}/reset-password`, payload: { autoGenerate: false, password }, who: 'admin' as const },
      {
        name: 'admin create',
        url: '/api/v1/users',
        payload: { userPrincipalName: 'new@contoso.example', displayName: 'New', passwordProfile: { password, forceChangePasswordNextSignIn: true } },
        who: 'admin' as const,
      },
      { name: 'bulk reset', url: '/api/v1/password-reset-jobs', payload: { userIds: [userId], autoGenerate: false, password }, who: 'admin' as const },
      { name: 'set-password link', url: '/api/v1/password-links/redeem', payload: { token: 'A'.repeat(43), newPassword: password }, who: null },
      { name: 'reset portal', url: '/api/v1/recovery/flows/00000000-0000-4000-8000-000000000000/password', payload: { newPassword: password }, who: null },
    ];

    async function refused(password: string, label: string, statuses: number[], skip: string[] = []) {
      for (const e of endpoints(password).filter((x) => !skip.includes(x.name))) {
        const who = e.who === 'admin' ? admin : e.who === 'user' ? user : null;
        const before = kdf.count;
        const res = await t.app.inject({
          method: 'POST',
          url: e.url,
          payload: JSON.stringify(e.payload),
          headers: { 'content-type': 'application/json', ...(who ? { cookie: who.cookie, 'x-csrf-token': who.csrf } : {}) },
        });
        assert.ok(statuses.includes(res.statusCode), `${label} on ${e.name}: ${res.statusCode} ${res.body.slice(0, 200)}`);
        assert.match(String(res.headers['content-type']), /problem\+json/, `${label} on ${e.name}: a problem`);
        // Changing needs the (right) current password compared first; the long new one is never hashed.
        assert.ok(kdf.count - before <= (e.name === 'change (new only)' ? 1 : 0), `${label} on ${e.name}: no KDF call for it`);
        assert.ok(kdf.longest <= 256, `${label} on ${e.name}: the KDF never sees more than 256 code points`);
      }
    }

    test('1 MB and 10 MB passwords over a real socket: 413 before the body is read, no KDF call', async () => {
      // A real listener: the server answers from Content-Length without reading the body.
      await t.app.listen({ host: '127.0.0.1', port: 0 });
      const { port } = t.app.server.address() as AddressInfo;
      await fetch(`http://127.0.0.1:${port}/healthz`); // warm up: the first connection's set-up is not the answer's time
      for (const size of [1024 * 1024, 10 * 1024 * 1024]) {
        for (const e of endpoints('x'.repeat(size))) {
          const who = e.who === 'admin' ? admin : e.who === 'user' ? user : null;
          const body = Buffer.from(JSON.stringify(e.payload));
          const before = kdf.count;
          // Headers and the first 16 KiB only: an answer can only come if the server does not wait for the rest
          // (else the request hangs until the test's timeout fails it).
          const status = await new Promise<number>((resolve, reject) => {
            const req = request(
              {
                host: '127.0.0.1',
                port,
                method: 'POST',
                path: e.url,
                headers: {
                  'content-type': 'application/json',
                  'content-length': body.length,
                  ...(who ? { cookie: who.cookie, 'x-csrf-token': who.csrf } : {}),
                },
              },
              (res) => {
                res.resume();
                resolve(res.statusCode!);
                req.destroy();
              },
            );
            req.setTimeout(20_000, () => reject(new Error(`${e.name}: no answer without the whole body`)));
            req.on('error', (error: NodeJS.ErrnoException) => (['EPIPE', 'ECONNRESET'].includes(error.code ?? '') ? undefined : reject(error)));
            req.write(body.subarray(0, 16 * 1024));
          });
          const label = `${size / 1024 / 1024} MB on ${e.name}`;
          assert.equal(status, 413, label);
          assert.equal(kdf.count - before, 0, `${label}: no KDF call`);
        }
      }
    });

    test('over the cap but inside the body limit (257 code points; 2,000 bytes; 60 KB): 400, no KDF call', async () => {
      // Unknown link token and flow: those two answer their own 4xx, still without hashing.
      const statuses = [400, 401, 404, 410, 413];
      // A current password of 257 code points (within the 1,024-character field) is compared like any wrong one: see the report.
      // Left out (see the H6 report, issue 17): a bulk job takes its chosen password in the request and checks it per user
      // later; a current password within its 1,024-character field is compared like any wrong one.
      await refused('a'.repeat(257), '257 code points', statuses, ['change', 'bulk reset']);
      await refused('\u{1F600}'.repeat(500), '2,000 bytes', statuses, ['change', 'bulk reset']);
      await refused('x'.repeat(60 * 1024), '60 KB', statuses);
    });

    test('1,000 parallel 100 KB sign-ins: all refused, none hashed', async () => {
      const password = 'y'.repeat(100 * 1024);
      const before = kdf.count;
      const results = await Promise.all(
        Array.from({ length: 1000 }, () =>
          t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: 'user@contoso.example', password } }),
        ),
      );
      assert.deepEqual([...new Set(results.map((r) => r.statusCode))], [413]);
      assert.equal(kdf.count - before, 0);
      await t.signIn('user@contoso.example', PASSWORD); // the account is not locked by any of it
    });
  });
}
