// Checklist S7 (Authentication CS, "Compare Password Hashes Using Safe Functions"): passwords are
// verified only by the argon2 library's verify with typed inputs, and other secrets (codes, CSRF
// tokens, CAPTCHA signatures) only through the constant-time safeEqual. A static rule scans the
// server's source for ==/=== on hash or secret values: the only hits are the listed ones, each
// with the reason it compares no secret; a new one fails this test.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import { safeEqual } from '../../core/crypto.js';
import { createArgon2Hasher } from './hasher.js';
import { createTestApp } from '../../testing/test-app.js';

const SERVER = path.join(process.cwd(), 'src', 'server');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'testing' ? [] : sources(full);
    return /\.ts$/.test(name) && !/\.test\.ts$|\.fixture\.ts$/.test(name) ? [full] : [];
  });
}

const SECRETISH = /(hash|secret|token|otp|answer|password|code|signature|digest|mac)\w*$/i;

/** `file: code` of every ==/=== (and negations) with an operand named like a hash or a secret. */
export function secretComparisons(files: { file: string; text: string }[]): string[] {
  const hits: string[] = [];
  for (const { file, text } of files) {
    for (const line of text.split('\n')) {
      if (/^\s*(\/\/|\*)/.test(line)) continue;
      for (const m of line.matchAll(/([\w.\])]+)\s*(?:===|!==|==|!=)\s*([\w.'"`[]+)/g)) {
        const sides = [m[1]!, m[2]!].map((x) => x.replace(/\(\)$/, ''));
        if (sides.some((x) => /^(null|undefined|true|false|\d+|'.*|".*|`.*)$/.test(x))) continue;
        if (sides.some((x) => /\.(length|size|kind|status|code|statusCode|outcome|type|name)$/.test(x))) continue;
        if (sides.some((x) => SECRETISH.test(x.split('.').pop()!))) hits.push(`${file}: ${line.trim()}`);
      }
    }
  }
  return hits;
}

/** Comparisons of values that are not secrets, and why. */
const ALLOWED: Record<string, string> = {
  'graph/logs-shape.ts: return (Object.keys(signInStatus) as SignInReason[]).filter((r) => signInStatus[r].errorCode === code);':
    "Graph's public sign-in error codes (50126, 50053, …) from a $filter, matched to Latchkey's reasons; no secret",
  "features/oauth/interactions-errors.ts: const body = `${paragraph(locale, 'oauthPages.error.body')}<p class=\"muted\">${text(locale, 'oauthPages.error.detail', { code: escapeHtml(code) === code ? code : 'invalid_request' })}</p>`;":
    'an OAuth error code (a public protocol word) shown only when it needs no escaping; no secret',
  'features/lockout/service.ts: if (state.recentWrong.some((e) => e.hash === tried)) {':
    'keyed hashes of wrong passwords the same account just received (repeat detection); no secret is behind them',
  "features/lockout/service.ts: if (recent(state, now).some((e) => e.hash === tried)) return 'repeat';": 'the same repeat detection, at claim time',
  'features/policy/banned/banned-index.ts: if (table[2 * s] === hash) {': 'a hash table over the public banned-password list',
  'features/recovery/contact-admin.ts: return !flow.userId || (!!user && portal.stampOf(user) === flow.passwordStamp);':
    'two server-side password-version stamps; the client supplies neither',
  'features/recovery/portal.ts: if (flow.userId && stampOf(user) !== flow.passwordStamp) {': 'the same password-version stamps',
  'features/passwords/apply.ts: !current || current.passwordHash !== user.passwordHash || current.lastPasswordChangeAt?.getTime() !== user.lastPasswordChangeAt?.getTime();':
    "a directory write's version check: the stored hash (null for directory users) against the same row read moments before; nothing a client sent",
  'features/directory/store.ts: existing.onPremises?.samAccountName !== record.uid;':
    "a login name (uid) against the directory's, to see whether it changed; not a secret",
  'graph/passwords.ts: if (request.params.methodId !== PASSWORD_METHOD_ID) throw resourceNotFound(request.params.methodId);':
    "the URL's method id against Graph's public, fixed id of the password method; no secret",
};

test('no ==/=== on a hash or a secret in the server, except the listed comparisons of non-secrets', () => {
  const files = sources(SERVER).map((file) => ({ file: path.relative(SERVER, file).split(path.sep).join('/'), text: readFileSync(file, 'utf8') }));
  assert.ok(files.length > 100, 'the scan read the server');
  const found = secretComparisons(files);
  assert.deepEqual(
    found.filter((hit) => !(hit in ALLOWED)),
    [],
    'compare secrets with safeEqual (core/crypto.ts) or the hasher',
  );
  // The rule can fail: a plain comparison of a token is found.
  assert.deepEqual(secretComparisons([{ file: 'x.ts', text: 'if (row.tokenHash === sha256(given)) ok();' }]), [
    'x.ts: if (row.tokenHash === sha256(given)) ok();',
  ]);
});

test('the argon2 library is used in one place, the hasher, and nowhere else in the server', () => {
  const users = sources(SERVER).filter((file) => /@node-rs\/argon2/.test(readFileSync(file, 'utf8')));
  assert.deepEqual(
    users.map((f) => path.relative(SERVER, f).split(path.sep).join('/')),
    ['features/passwords/hasher.ts'],
  );
});

test('safeEqual answers like === and goes through timingSafeEqual for equal lengths', () => {
  for (const [a, b] of [
    ['12345678', '12345678'],
    ['12345678', '12345679'],
    ['', ''],
    ['a', 'ab'],
    ['ünïcode', 'ünïcode'],
  ] as const)
    assert.equal(safeEqual(a, b), a === b, `${a} vs ${b}`);
  assert.match(readFileSync(path.join(SERVER, 'core', 'crypto.ts'), 'utf8'), /return timingSafeEqual\(ab, bb\)/);
});

test('a sign-in verifies the password through the library verify with the stored hash and the typed password', async () => {
  const calls: [string, string][] = [];
  const hasher = await createArgon2Hasher({
    primitives: {
      hash: argonHash,
      verify: (...args: Parameters<typeof argonVerify>) => {
        calls.push([String(args[0]), String(args[1])]);
        return argonVerify(...args);
      },
    },
  });
  const t = await createTestApp({ hasher });
  try {
    await t.createUser({ userPrincipalName: 's7@contoso.example', password: 'Zebra-Quilt-Harbor-71!' });
    const stored = (
      await t.db.db.selectFrom('app_user').select('password_hash').where('user_principal_name', '=', 's7@contoso.example').executeTakeFirstOrThrow()
    ).password_hash!;
    calls.length = 0;
    await t.signIn('s7@contoso.example', 'Zebra-Quilt-Harbor-71!');
    assert.deepEqual(calls, [[stored, 'Zebra-Quilt-Harbor-71!']]);
  } finally {
    await t.close();
  }
});
