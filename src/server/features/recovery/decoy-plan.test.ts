import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parsePhone } from '../users/validation.js';
import { decoyPhone } from './decoy.js';

/**
 * Issue 12 finding 8 (checklist R1): the numbers behind a decoy's masks are valid E.164 numbers of
 * the lengths each country really uses (decoy +1 numbers used to be one digit short), and a
 * mobile gets a mobile prefix. National significant number lengths per country code, from the
 * national numbering plans: NANP 10; NL 9; BE 9 (mobile) or 8 (landline); FR 9; UK 10; DE 10-11.
 */
const lengths: Record<string, number[]> = { '1': [10], '31': [9], '32': [8, 9], '33': [9], '44': [10], '49': [10, 11] };
const mobilePrefixes: Record<string, RegExp> = { '1': /^[2-9]/, '31': /^6/, '32': /^4[5-9]/, '33': /^[67]/, '44': /^7/, '49': /^1[5-7]/ };

describe('decoy phone numbers follow the numbering plans (issue 12 finding 8; R1)', () => {
  test('every decoy number is valid E.164 with its country\u2019s real length, over 400 names', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 400; i++) {
      for (const kind of ['mobilePhone', 'officePhone'] as const) {
        const number = decoyPhone('plan-secret-0123456789-0123456789-abc', `nobody${i}@contoso.example`, kind);
        assert.equal(parsePhone(number), number, number);
        const cc = Object.keys(lengths).find((c) => number.startsWith(`+${c}`) && lengths[c]!.includes(number.length - 1 - c.length));
        assert.ok(cc, `${kind} ${number}: not a real length for its country code`);
        seen.add(cc);
        if (kind === 'mobilePhone') assert.match(number.slice(1 + cc.length), mobilePrefixes[cc]!, `${number}: not a mobile number`);
      }
    }
    assert.equal(seen.size, Object.keys(lengths).length, 'every country is used');
  });

  test('one country per name, independent digits per kind, stable', () => {
    const a = decoyPhone('s'.repeat(40), 'someone@contoso.example', 'mobilePhone');
    assert.equal(decoyPhone('s'.repeat(40), 'someone@contoso.example', 'mobilePhone'), a);
    const cc = (n: string) =>
      Object.keys(lengths)
        .filter((c) => n.startsWith(`+${c}`))
        .sort((x, y) => y.length - x.length)[0];
    for (let i = 0; i < 100; i++) {
      const m = decoyPhone('s'.repeat(40), `n${i}`, 'mobilePhone');
      const o = decoyPhone('s'.repeat(40), `n${i}`, 'officePhone');
      assert.equal(cc(m), cc(o), `${m} and ${o}`);
    }
  });
});
