import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { maskPhone } from '../verification/methods.js';
import { parsePhone } from '../users/validation.js';
import { decoyMethods } from './decoy.js';

/**
 * Issue 12 finding 8 (checklist R1, R2): a decoy's masked phones must look like a real person's.
 * The mask shows a number's length and its last two digits, so over a few hundred names the
 * decoys are compared with real numbers on exactly those: the mask lengths, whether a person's
 * mobile and office numbers end alike, and the distribution of the digits shown.
 */

const SECRET = 'decoy-statistics-secret-0123456789abcdef';
const NAMES = 600;

/**
 * Real numbers as people register them: national significant numbers of the lengths the national
 * plans give (ITU-T E.164 assignments; NANP 10 digits, NL 9, BE 9 mobile / 8 landline, FR 9,
 * UK 10, DE 10-11 for mobiles and big-city landlines). Digits are drawn from a hash, independently.
 */
const realPlans: Record<string, { mobile: number[]; office: number[] }> = {
  '1': { mobile: [10], office: [10] },
  '31': { mobile: [9], office: [9] },
  '32': { mobile: [9], office: [8] },
  '33': { mobile: [9], office: [9] },
  '44': { mobile: [10], office: [10] },
  '49': { mobile: [10, 11], office: [10, 11] },
};
function realNumber(i: number, kind: 'mobile' | 'office'): string {
  const h = createHash('sha256').update(`real:${i}:${kind}`).digest();
  const countries = Object.keys(realPlans);
  // One country per person, like the decoys: both phones are in it.
  const cc = countries[createHash('sha256').update(`real:${i}`).digest()[0]! % countries.length]!;
  const lengths = realPlans[cc]![kind];
  const length = lengths[h[0]! % lengths.length]!;
  const digits = Array.from({ length }, (_, k) => String(k === 0 ? 1 + (h[k + 1]! % 9) : h[k + 1]! % 10)).join('');
  return `+${cc}${digits}`;
}

const lastTwo = (mask: string) => mask.slice(-2);
const bullets = (mask: string) => [...mask].length;

function distribution(values: (string | number)[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
  return new Map([...counts].map(([k, n]) => [k, n / values.length]));
}
/** Total variation distance between two distributions: 0 alike, 1 disjoint. */
function distance(a: Map<string, number>, b: Map<string, number>): number {
  const keys = new Set([...a.keys(), ...b.keys()]);
  return [...keys].reduce((sum, k) => sum + Math.abs((a.get(k) ?? 0) - (b.get(k) ?? 0)), 0) / 2;
}
/** Pearson's chi-square statistic of digit counts against a uniform distribution over 0-9. */
function chiSquareUniform(digits: string[]): number {
  const expected = digits.length / 10;
  const counts = Array.from({ length: 10 }, (_, d) => digits.filter((x) => x === String(d)).length);
  return counts.reduce((sum, n) => sum + (n - expected) ** 2 / expected, 0);
}

describe('decoy phone masks are statistically like real ones (issue 12 finding 8; R1, R2)', () => {
  const decoys = Array.from({ length: NAMES }, (_, i) => {
    const offered = decoyMethods(SECRET, `nobody${i}@contoso.example`, ['mobilePhone', 'officePhone'], 2);
    const mask = (kind: string) => offered.find((m) => m.method === kind)?.destination;
    return { mobile: mask('mobilePhone')!, office: mask('officePhone')! };
  });
  const reals = Array.from({ length: NAMES }, (_, i) => ({ mobile: maskPhone(realNumber(i, 'mobile')), office: maskPhone(realNumber(i, 'office')) }));

  test('both phones are offered to every name here (two required), stable per name', () => {
    assert.ok(decoys.every((d) => d.mobile && d.office));
    assert.deepEqual(
      decoyMethods(SECRET, 'nobody7@contoso.example', ['mobilePhone', 'officePhone'], 2).map((m) => m.destination),
      [decoys[7]!.mobile, decoys[7]!.office],
    );
    assert.ok(
      Array.from({ length: NAMES }, (_, i) => realNumber(i, 'office')).every((n) => parsePhone(n) === n),
      'the real sample is valid E.164',
    );
  });

  test('a decoy\u2019s mobile and office numbers end alike no more often than a real person\u2019s (about 1 in 100)', () => {
    const same = (rows: { mobile: string; office: string }[]) => rows.filter((r) => lastTwo(r.mobile) === lastTwo(r.office)).length / rows.length;
    const decoySame = same(decoys);
    const realSame = same(reals);
    assert.ok(decoySame < 0.04, `decoys end alike ${(decoySame * 100).toFixed(1)}% of the time (real: ${(realSame * 100).toFixed(1)}%)`);
  });

  test('mask lengths are distributed as real numbers\u2019 are, per kind', () => {
    for (const kind of ['mobile', 'office'] as const) {
      const d = distribution(decoys.map((x) => bullets(x[kind])));
      const r = distribution(reals.map((x) => bullets(x[kind])));
      for (const length of d.keys()) assert.ok(r.has(length), `${kind}: a decoy mask of ${length} characters, which no real number gives`);
      const tvd = distance(d, r);
      assert.ok(tvd < 0.12, `${kind}: mask lengths differ from real ones by ${tvd.toFixed(3)} (total variation)`);
    }
  });

  test('the digits shown are uniform, as real ones are (chi-square, 9 degrees of freedom, p = 0.001)', () => {
    for (const position of [0, 1]) {
      const shown = decoys.flatMap((x) => [lastTwo(x.mobile)[position]!, lastTwo(x.office)[position]!]);
      const chi = chiSquareUniform(shown);
      assert.ok(chi < 27.88, `digit ${position + 1} of the last two: chi-square ${chi.toFixed(1)}`);
    }
  });
});
