/**
 * The breached-password range client and its place in the policy engine (issue 17; checklist P5),
 * against a real HTTP range server on 127.0.0.1: only the 5-hex prefix leaves the machine, padding
 * is ignored, ranges are cached within bounds, and the threshold and the outage setting decide.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DbHandle } from '../../../db/kysely.js';
import { createRepos } from '../../../db/repos.js';
import { t } from '../../../i18n/index.js';
import { openTestDb, testEngines } from '../../../testing/databases.js';
import { createArgon2Hasher } from '../../passwords/hasher.js';
import { createPasswordPolicy } from '../engine.js';
import { createBreachedCheck, sha1Hex } from './check.js';
import { BreachedSourceUnavailable, createRangeClient } from './range.js';
import { BREACHED_SETTINGS_KEY, type BreachedPasswordSettings } from './settings.js';
import { startRangeServer, type RangeServer } from './testing.js';

/** Passes every other rule of the default (Entra) policy, so the breached check is the only one that can refuse it. */
const BREACHED = 'Kestrel-Velvet-2931!';
const CLEAN = 'Marigold-Tundra-8462?';

describe('breached passwords: the range client', () => {
  let server: RangeServer;
  before(async () => {
    server = await startRangeServer();
  });
  after(() => server.close());

  test('only the first five hex digits of the SHA-1 leave the machine, with Add-Padding: true (P5)', async () => {
    server.add(BREACHED, 3);
    const client = createRangeClient({ baseUrl: server.url });
    const hash = sha1Hex(BREACHED);
    const before = server.paths.length;
    assert.equal(await client.count(hash), 3);
    assert.deepEqual(server.paths.slice(before), [`/range/${hash.slice(0, 5)}`]);
    assert.equal(server.headers.at(-1)!['add-padding'], 'true');
    const sent = server.received();
    for (const secret of [BREACHED, hash, hash.toLowerCase(), hash.slice(5), hash.slice(5, 13), hash.slice(-8)]) {
      assert.ok(!sent.includes(secret), `the request bytes do not contain ${secret === BREACHED ? 'the password' : 'any part of the hash past the prefix'}`);
    }
  });

  test('padding lines (count 0) are not breaches; an unknown suffix counts 0', async () => {
    const padded = 'Padded-Only-Line-4417!';
    server.add(padded, 0);
    const client = createRangeClient({ baseUrl: server.url });
    assert.equal(await client.count(sha1Hex(padded)), 0, 'its own line says 0: padding');
    assert.equal(await client.count(sha1Hex(CLEAN)), 0);
  });

  test('ranges are cached, at most cacheSize of them, for at most cacheTtlMs', async () => {
    let now = 1_000_000;
    const client = createRangeClient({ baseUrl: server.url, cacheSize: 2, cacheTtlMs: 60_000, now: () => now });
    const hashes = ['alpha-1', 'bravo-2', 'charlie-3'].map(sha1Hex);
    assert.equal(new Set(hashes.map((h) => h.slice(0, 5))).size, 3, 'three different prefixes');
    const requests = () => server.paths.length;
    const start = requests();
    await client.count(hashes[0]!);
    await client.count(hashes[0]!);
    assert.equal(requests() - start, 1, 'the second lookup of a range is served from memory');
    await client.count(hashes[1]!);
    await client.count(hashes[2]!);
    assert.equal(client.cachedRanges(), 2, 'bounded');
    await client.count(hashes[0]!);
    assert.equal(requests() - start, 4, 'the least recently used range was dropped and is fetched again');
    now += 60_001;
    await client.count(hashes[0]!);
    assert.equal(requests() - start, 5, 'and fetched again once stale');
  });

  test('a server that never answers is unavailable after the timeout, not later', async () => {
    server.mode = 'hang';
    try {
      const client = createRangeClient({ baseUrl: server.url, timeoutMs: 300 });
      const started = Date.now();
      await assert.rejects(client.count(sha1Hex(CLEAN)), (err: unknown) => err instanceof BreachedSourceUnavailable && err.reason === 'timeout');
      const took = Date.now() - started;
      assert.ok(took >= 250 && took < 2_000, `gave up after ${took} ms`);
    } finally {
      server.mode = 'ok';
    }
  });

  test('an error status, a malformed or an oversized answer is unavailable; a failure is not retried for retryAfterMs', async () => {
    let now = 5_000_000;
    for (const [mode, reason] of [
      ['error', 'status 503'],
      ['malformed', 'malformed answer'],
      ['huge', 'answer too large'],
    ] as const) {
      server.mode = mode;
      try {
        const client = createRangeClient({ baseUrl: server.url, maxBytes: 64 * 1024, retryAfterMs: 10_000, now: () => now });
        await assert.rejects(client.count(sha1Hex(`${mode}-1`)), (err: unknown) => err instanceof BreachedSourceUnavailable && err.reason === reason);
        const requests = server.paths.length;
        await assert.rejects(client.count(sha1Hex(`${mode}-2`)), BreachedSourceUnavailable);
        assert.equal(server.paths.length, requests, 'failed at once, without asking again');
        now += 10_001;
        server.mode = 'ok';
        assert.equal(await client.count(sha1Hex(CLEAN)), 0, 'asked again after retryAfterMs');
      } finally {
        server.mode = 'ok';
      }
    }
  });

  test('a refused connection is unavailable, and its reason names no address', async () => {
    const closed = await startRangeServer();
    const url = closed.url;
    await closed.close();
    const client = createRangeClient({ baseUrl: url });
    await assert.rejects(
      client.count(sha1Hex(CLEAN)),
      (err: unknown) => err instanceof BreachedSourceUnavailable && err.reason === 'request failed (ECONNREFUSED)',
    );
  });
});

for (const engine of testEngines()) {
  describe(`breached passwords: the policy engine with a range service (${engine})`, () => {
    let server: RangeServer;
    let db: DbHandle;
    const warnings: string[] = [];
    let policy: ReturnType<typeof createPasswordPolicy>;
    const subject = { userPrincipalName: 'anna.de.vries@contoso.example', displayName: 'Anna de Vries' };
    const configure = async (patch: Partial<BreachedPasswordSettings>) => {
      const value: BreachedPasswordSettings = { enabled: true, threshold: 1, onUnavailable: 'allow', ...patch };
      await createRepos(db.db).settings.put(BREACHED_SETTINGS_KEY, value, null, new Date());
      policy.invalidate();
    };
    const codes = async (password: string) => (await policy.evaluate(password, subject, 'create')).problems.map((p) => p.code);

    before(async () => {
      server = await startRangeServer();
      server.add(BREACHED, 3);
      db = await openTestDb(engine);
      const repos = createRepos(db.db);
      const breached = createBreachedCheck({
        url: server.url,
        timeoutMs: 500,
        store: () => repos.breachedPasswords,
        log: { warn: (details, message) => warnings.push(JSON.stringify(details) + message) },
        range: { retryAfterMs: 0 },
      });
      policy = createPasswordPolicy({ repos, hasher: await createArgon2Hasher(), breached });
    });
    after(async () => {
      await server.close();
      await db.close();
    });

    test('a password seen at least `threshold` times is refused, with a message that does not say how often', async () => {
      await configure({ threshold: 1 });
      const verdict = await policy.evaluate(BREACHED, subject, 'create');
      assert.deepEqual(
        verdict.problems.map((p) => p.code),
        ['password.breached'],
      );
      assert.equal(verdict.breached, 'found');
      await configure({ threshold: 3 });
      assert.deepEqual(await codes(BREACHED), ['password.breached'], 'seen 3 times, threshold 3');
      await configure({ threshold: 4 });
      const below = await policy.evaluate(BREACHED, subject, 'create');
      assert.equal(below.accepted, true, 'seen 3 times, threshold 4');
      assert.equal(below.breached, 'clean');
      assert.deepEqual(await codes(CLEAN), []);
      for (const locale of ['en', 'nl'] as const) assert.doesNotMatch(t(locale, 'password.breached'), /\d/);
      assert.notEqual(t('nl', 'password.breached'), t('en', 'password.breached'));
    });

    test('switched off, or a password the rules already refuse: nothing is asked', async () => {
      await configure({ enabled: false });
      const requests = server.paths.length;
      assert.equal((await policy.evaluate(BREACHED, subject, 'create')).accepted, true);
      await configure({ enabled: true });
      assert.ok((await codes('short')).includes('password.too_short'));
      assert.equal(server.paths.length, requests);
    });

    test('an outage fails open (allow, logged without password or hash) or closed (refuse), as configured', async () => {
      server.mode = 'error';
      try {
        warnings.length = 0;
        await configure({ onUnavailable: 'allow' });
        const open = await policy.evaluate('Unseen-Harbour-5170#', subject, 'create');
        assert.equal(open.accepted, true);
        assert.equal(open.breached, 'unavailable');
        assert.equal(warnings.length, 1);
        const hash = sha1Hex('Unseen-Harbour-5170#');
        for (const secret of ['Unseen-Harbour-5170#', hash.slice(0, 5), hash.slice(5, 15)]) assert.ok(!warnings[0]!.includes(secret), warnings[0]);
        assert.match(warnings[0]!, /status 503/);

        await configure({ onUnavailable: 'refuse' });
        assert.deepEqual(await codes('Unseen-Harbour-5170#'), ['password.breached_unavailable']);
        const preview = await policy.evaluate('Unseen-Harbour-5170#', subject, 'preview');
        assert.equal(preview.accepted, true, 'live feedback (and generated-password draws) only report the outage');
        assert.equal(preview.breached, 'unavailable');
        assert.match(t('nl', 'password.breached_unavailable'), /datalekken/);
      } finally {
        server.mode = 'ok';
      }
      assert.deepEqual(await codes('Unseen-Harbour-5170#'), [], 'back once the source answers');
    });
  });
}
