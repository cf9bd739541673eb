import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildBannedIndex, evaluateBanned, type BannedVerdict } from './index.js';

const contoso = { global: buildBannedIndex(['blank']), custom: buildBannedIndex(['contoso']) };
const fabrikam = { organizationName: 'Fabrikam' };

function banned(terms: string[], password: string): BannedVerdict {
  return evaluateBanned(password, { global: buildBannedIndex(terms) });
}

test('C0ntos0Blank12 is rejected with 4 points: [contoso] + [blank] + [1] + [2] (reference §8.2)', () => {
  const v = evaluateBanned('C0ntos0Blank12', contoso, fabrikam);
  assert.equal(v.accepted, false);
  assert.equal(v.score, 4);
  assert.deepEqual(v.matches, [
    { term: 'contoso', list: 'custom', start: 0, end: 7 },
    { term: 'blank', list: 'global', start: 7, end: 12 },
  ]);
  assert.deepEqual(v.contextTerms, []);
});

test('ContoS0Bl@nkf9! is accepted with 5 points: [contoso] + [blank] + [f] + [9] + [!]', () => {
  const v = evaluateBanned('ContoS0Bl@nkf9!', contoso, fabrikam);
  assert.equal(v.accepted, true);
  assert.equal(v.score, 5);
  assert.deepEqual(
    v.matches.map((m) => m.term),
    ['contoso', 'blank'],
  );
});

test('banned abcdef catches abcdeg, abcdefg, abcde and itself', () => {
  for (const password of ['abcdef', 'abcdeg', 'abcdefg', 'abcde']) {
    const v = banned(['abcdef'], password);
    assert.equal(v.accepted, false, password);
    assert.equal(v.matches[0]?.term, 'abcdef', password);
  }
  assert.equal(banned(['abcdef'], 'abcdefg').score, 2, 'abcdefg is [abcdef] + [g]');
});

test('user Poll: p0LL23fb is rejected by the name although it scores 8', () => {
  const v = evaluateBanned('p0LL23fb', { global: buildBannedIndex(['blank']) }, { firstName: 'Jan', lastName: 'Poll' });
  assert.equal(v.accepted, false);
  assert.equal(v.score, 8);
  assert.deepEqual(v.contextTerms, ['Poll']);
});

test('each occurrence kind: substitution, deletion, inner insertion; edge insertion is not one', () => {
  const cases: [string, number, number][] = [
    // password (term "secret"), score, covered length of the one match
    ['sekret', 1, 6], // substitution
    ['secrt', 1, 5], // deletion
    ['secxret', 1, 7], // inner insertion
    ['xsecret', 2, 6], // edge insertion: [x] + [secret]
    ['secretx', 2, 6],
  ];
  for (const [password, score, length] of cases) {
    const v = banned(['secret'], password);
    assert.equal(v.score, score, password);
    assert.equal(v.matches.length, 1, password);
    assert.equal(v.matches[0]!.end - v.matches[0]!.start, length, password);
  }
  assert.equal(banned(['secret'], 'sxcrxt').matches.length, 0, 'two substitutions are not an occurrence');
  assert.equal(banned(['secret'], 'scert').matches.length, 0, 'a transposition is distance 2');
});

test('an occurrence is at least 4 characters: a 4-character term does not match 3 characters', () => {
  assert.equal(banned(['blue'], 'blu').score, 3);
  assert.equal(banned(['blue'], 'blux').score, 1, 'substitution in a 4-character term');
  assert.equal(banned(['bluer'], 'blue').score, 1, 'deletion from a 5-character term');
});

test('terms outside 4-16 characters after normalisation are not indexed', () => {
  assert.equal(buildBannedIndex(['abc', 'a'.repeat(17), ' abcd ', 'ABCD', 'abcdefghijklmnop']).size, 2);
  assert.equal(banned(['abc'], 'abc').score, 3);
});

test('overlapping occurrences: the minimal score is chosen', () => {
  // summer|merlin overlap: [summer]+[l]+[i]+[n] = 4 and [s]+[u]+[m]+[merlin] = 4, but
  // "mmerlin" is merlin with an m inserted at inner position 1, so [s]+[u]+[mmerlin] = 3.
  assert.equal(banned(['summer', 'merlin'], 'summerlin').score, 3);
  assert.equal(banned(['summer', 'marlin'], 'summerlin').score, 4);
  // "passwordragon": [password] + [ragon] = 6, or [passwor] (deletion) + [dragon] = 2.
  const v = banned(['password', 'dragon'], 'passwordragon');
  assert.equal(v.score, 2);
  assert.deepEqual(
    v.matches.map((m) => [m.term, m.start, m.end]),
    [
      ['password', 0, 7],
      ['dragon', 7, 13],
    ],
  );
  // A longer occurrence that swallows a shorter pair is not better than two occurrences.
  assert.equal(banned(['abcd', 'efgh', 'abcdefgh'], 'abcdefgh').score, 1);
});

test('custom terms are reported as typed, and preferred over the global list at the same place', () => {
  const v = evaluateBanned('xxContosoxx', { global: buildBannedIndex(['contoso']), custom: buildBannedIndex(['  ContoSo ']) });
  assert.deepEqual(v.matches, [{ term: 'ContoSo', list: 'custom', start: 2, end: 9 }]);
  assert.equal(v.score, 5);
});

test('context terms: substring only for 4+ characters; organisation and extra terms too', () => {
  const global = buildBannedIndex(['blank']);
  assert.deepEqual(evaluateBanned('xxxbobxxxyyy', { global }, { firstName: 'Bob' }).contextTerms, [], 'Bob has 3 characters');
  assert.equal(evaluateBanned('xxxbobxxxyyy', { global }, { firstName: 'Bob' }).accepted, true);
  const v = evaluateBanned('FABR!KAM-2024-xyz', { global }, { firstName: null, lastName: 'Poll', organizationName: 'Fabrikam', extraTerms: ['jdoe', 'x'] });
  assert.equal(v.accepted, false);
  assert.deepEqual(v.contextTerms, ['Fabrikam']);
  assert.deepEqual(evaluateBanned('my jd0e is long enough', { global }, { extraTerms: ['jdoe'] }).contextTerms, ['jdoe']);
  assert.deepEqual(evaluateBanned('abcdefghij', { global }, { lastName: '  ' }).contextTerms, []);
  assert.deepEqual(evaluateBanned('pol-123456789', { global }, { lastName: 'Poll' }).contextTerms, [], 'context terms are exact, not fuzzy');
});

test('terms with regular-expression and non-ASCII characters are plain characters', () => {
  assert.equal(banned(['a.*b+c?'], 'zzzzzzzzzzzz').matches.length, 0);
  assert.equal(banned(['(a.*b)'], 'X(A.*B)X').score, 3);
  assert.equal(banned(['a.*b+c?'], 'a.*btc?').score, 1, '+ normalises to t on both sides');
  assert.equal(banned(['ĳsbe'], 'ĲSBE').score, 1, 'the ĳ ligature is one character, lower-cased');
  assert.equal(banned(['ĳsbeer'], 'ijsbeer').score, 2, 'and not i + j (no compatibility folding): [i] + [jsbeer]');
  assert.equal(banned(['café'], 'CAFE\u0301!').score, 2, 'NFC: é typed as e + combining accent');
  assert.equal(banned(['😀😀😀😀'], 'x😀😀😀y').score, 2, 'emoji are single characters: [x😀😀😀] (substitution) + [y]');
  assert.equal(banned(['straße'], 'STRASSE').score, 7, 'no case folding beyond toLowerCase');
});

test('the empty password scores 0 and is rejected', () => {
  assert.deepEqual(evaluateBanned('', contoso), { accepted: false, score: 0, matches: [], contextTerms: [], waivedContextTerms: [] });
});

test('an empty custom list, or none, changes nothing', () => {
  const global = buildBannedIndex(['blank']);
  const a = evaluateBanned('blank1234', { global });
  assert.deepEqual(evaluateBanned('blank1234', { global, custom: null }), a);
  assert.deepEqual(evaluateBanned('blank1234', { global, custom: buildBannedIndex([]) }), a);
  assert.equal(a.score, 5);
});

test('a long password of repeated characters is fine', () => {
  const v = banned(['aaaa', 'aaaaa', 'aaaab'], 'a'.repeat(256));
  // The longest occurrence is aaaaa with one inner insertion: 6 characters.
  assert.equal(v.score, Math.ceil(256 / 6));
  assert.equal(banned(['aaaaa'], 'a'.repeat(3000)).score, 500, 'beyond the reused buffers too');
  assert.equal(banned(['aaaaa'], 'a'.repeat(12)).score, 2, 'and the reused buffers are clean afterwards');
});

test('only indexes from buildBannedIndex are accepted', () => {
  assert.throws(() => evaluateBanned('x', { global: { size: 0 } }), TypeError);
});
