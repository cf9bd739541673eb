import assert from 'node:assert/strict';
import net from 'node:net';
import { test } from 'node:test';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import { createArgon2Hasher } from '../passwords/hasher.js';
import { createTestApp } from '../../testing/test-app.js';

// Issue 16, overload: a sign-in is turned away with 503 + Retry-After before any database work when
// the hash queue is full, and a queued sign-in whose client went away is dropped instead of hashed,
// so the queue holds only requests someone still waits for (ASVS 2.4.1's bounded work; checklist I5).

const PASSWORD = 'Correct-horse-battery-9';

async function until(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`timed out waiting for: ${what}`);
}

test('a full hash queue refuses before any database work; an abandoned queued sign-in is never hashed', async () => {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const verified: string[] = [];
  const text = (p: string | Uint8Array) => (typeof p === 'string' ? p : Buffer.from(p).toString('utf8'));
  const hasher = await createArgon2Hasher({
    concurrency: 1,
    queueLimit: 1,
    primitives: {
      hash: argonHash,
      verify: async (stored, password, options) => {
        verified.push(text(password));
        // The first verification holds the only hashing slot until the test lets it go.
        if (verified.length === 1) await held;
        return argonVerify(stored, password, options);
      },
    },
  });
  const t = await createTestApp({ hasher, config: { rateLimitSignInPerIp: 1000 } });
  try {
    await t.createUser({ userPrincipalName: 'ada@contoso.example', password: PASSWORD });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = t.app.server.address() as net.AddressInfo;
    const signIn = (password: string) =>
      fetch(`http://127.0.0.1:${port}/api/v1/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'ada@contoso.example', password }),
      });

    const first = signIn(PASSWORD);
    await until('the first sign-in holds the hashing slot', () => verified.length === 1);

    // A client that sends a sign-in, waits until it is queued, and hangs up.
    const socket = net.connect(port, '127.0.0.1');
    const body = JSON.stringify({ username: 'ada@contoso.example', password: 'abandoned-password-1' });
    socket.write(`POST /api/v1/auth/sign-in HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    await until('the abandoned sign-in is queued', () => hasher.limiter.waiting === 1);
    socket.destroy();
    await until('the abandoned sign-in left the queue', () => hasher.limiter.waiting === 0);

    // The queue (one place) is taken by a sign-in someone waits for; the next is refused at once.
    const queued = signIn('queued-wrong-password-1');
    await until('a sign-in is queued', () => hasher.limiter.waiting === 1);
    const before = await t.db.db.selectFrom('rate_limit').selectAll().orderBy('key').execute();
    const refused = await signIn('refused-password-1');
    assert.equal(refused.status, 503);
    assert.equal(refused.headers.get('retry-after'), '1');
    assert.equal(((await refused.json()) as { code: string }).code, 'server.busy');
    assert.deepEqual(await t.db.db.selectFrom('rate_limit').selectAll().orderBy('key').execute(), before, 'the refused sign-in counted nothing');

    release();
    assert.equal((await first).status, 200);
    assert.equal((await queued).status, 401);
    assert.deepEqual(verified, [PASSWORD, 'queued-wrong-password-1'], 'the abandoned and the refused passwords were never verified');
  } finally {
    release();
    await t.close();
  }
});
