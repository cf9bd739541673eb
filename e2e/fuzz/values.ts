import type { Rng } from './random.js';

/**
 * Hostile strings the mutator puts where a string belongs: odd Unicode and injections. Each one
 * must come back as a 4xx problem or be stored and returned intact, never as a 500.
 */
export const oddUnicode: readonly string[] = [
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDFFFy',
  '\uDBFF\uDFFF',
  '\u202Eevil\u202C',
  '\u200F\u05E9\u05DC\u05D5\u05DD',
  'e\u0301\u0301\u0301\u0301\u0301\u0301',
  'Z̸̢̛͓̗̿a̵̡̧͉̿l̴̨̛g̸̢̈́o̵͚͐',
  '👩‍👩‍👧‍👦',
  '🏳️‍🌈🇳🇱',
  '\uFEFFbom',
  '\uFFFE\uFFFF',
  '\u2028\u2029',
  'ｆｕｌｌ＠ｗｉｄｔｈ',
  'аdmin@contoso.example',
  'İstanbul ı',
  'ß'.repeat(40),
  '\t\n\r\v\f',
  ' ',
  '',
];

export const injections: readonly string[] = [
  "' OR '1'='1",
  "'; DROP TABLE app_user;--",
  '" OR 1=1 --',
  '%',
  '_',
  '\\',
  '%_%',
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%2e%2e%2f%2e%2e%2f',
  '${jndi:ldap://x/a}',
  '<script>alert(1)</script>',
  '{{7*7}}',
  '{"$gt":""}',
  '\r\nSet-Cookie: a=b',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  'NaN',
  '-1',
  '1e309',
  '0x10',
  'true',
  '=cmd|/c calc!A0',
];

/** Raw path segments and query values, already percent-encoded (or deliberately not). */
export const rawUrlParts: readonly string[] = [
  '..',
  '..%2f..%2f',
  '%2e%2e',
  '%00',
  'a%00b',
  '%C0%AF',
  '%ED%A0%80',
  '%FF%FE',
  '%',
  '%zz',
  "'%20OR%201=1--",
  '__proto__',
  'constructor',
  '%E2%80%AE',
  'x'.repeat(3000),
];

/** Property names that attack the parser rather than the schema. */
export const hostileKeys: readonly string[] = ['__proto__', 'constructor', 'prototype', 'toString', '$where', '', ' ', 'a.b', 'role', 'isAdmin', 'id'];

export function hostileString(rng: Rng): string {
  const base = rng.chance(0.5) ? rng.pick(oddUnicode) : rng.pick(injections);
  return rng.chance(0.2) ? base + rng.pick(oddUnicode) + base : base;
}

/** Strings around and beyond a limit, or simply huge (bodies beyond the body limit must be 413). */
export function hugeString(rng: Rng, maxLength: number | undefined): string {
  const unit = rng.pick(['a', 'é', '😀', '\u0301', ' ']);
  const n = rng.weighted<number>([
    [3, (maxLength ?? 256) + 1],
    [2, (maxLength ?? 256) * 2 + 7],
    [1, 70_000],
    [1, 5_000],
  ]);
  return unit.repeat(Math.max(1, Math.ceil(n / unit.length)));
}

/** Numbers at and beyond any bounds. */
export function edgeNumbers(min: number | undefined, max: number | undefined): unknown[] {
  const out: unknown[] = [0, -1, -0, 1.5, 2 ** 31, 2 ** 53 + 1, -(2 ** 53) - 1, 1e308, -1e308, Number.MAX_SAFE_INTEGER];
  if (min !== undefined) out.push(min, min - 1, min - 0.5);
  if (max !== undefined) out.push(max, max + 1, max + 0.5);
  return out;
}

/** encodeURIComponent that does not throw on lone surrogates (they go out as WTF-8 bytes). */
export function pctEncode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    let out = '';
    for (const ch of value) {
      const cp = ch.codePointAt(0)!;
      if (cp >= 0xd800 && cp <= 0xdfff) {
        out += [0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f)].map((b) => '%' + b.toString(16).toUpperCase()).join('');
      } else out += encodeURIComponent(ch);
    }
    return out;
  }
}

export function randomUuid(rng: Rng): string {
  const hex = Array.from({ length: 32 }, () => rng.int(0, 15).toString(16));
  hex[12] = '4';
  hex[16] = rng.pick(['8', '9', 'a', 'b']);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

const words = ['alpha', 'bravo', 'delta', 'harbor', 'quilt', 'zebra', 'maple', 'orbit', 'tulip', 'violet', 'ember', 'fjord'];

/** A password the policy accepts (long, varied) or, sometimes, one it refuses. */
export function password(rng: Rng): string {
  if (rng.chance(0.15)) return rng.pick(['password', 'Password1', 'contoso', '12345678', 'Summer2026!', 'aaaaaaaaaaaa']);
  return `${rng.pick(words)}-${rng.pick(words).toUpperCase()}-${rng.pick(words)}-${rng.int(10, 99)}!`;
}

export function word(rng: Rng): string {
  return rng.pick(words);
}
