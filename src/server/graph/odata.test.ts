import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import Fastify from 'fastify';
import fc from 'fast-check';
import { GraphError, sendGraphError } from './errors.js';
import {
  matchesFilter,
  nextLinkFor,
  openSkipToken,
  parseODataQuery,
  pathGetter,
  requireSkipToken,
  sealSkipToken,
  selectProperties,
  type ODataFields,
  type ODataQuery,
} from './odata.js';

/* The OData parser through a real Fastify route: what a Graph client sends, what it gets back. */

const fields: ODataFields = {
  id: { type: 'guid', filter: ['eq', 'in'] },
  displayName: { type: 'string', filter: ['eq', 'ne', 'startswith', 'in'], orderBy: true, search: true },
  userPrincipalName: { type: 'string', filter: ['eq', 'ne', 'startswith', 'in'], orderBy: true, search: true },
  mail: { type: 'string', filter: ['eq', 'startswith'], search: true },
  accountEnabled: { type: 'boolean', filter: ['eq', 'ne'] },
  createdDateTime: { type: 'datetime', filter: ['ge', 'le', 'gt', 'lt'] },
  'targetResources/id': { type: 'guid', filter: ['any'] },
  otherMails: { type: 'string', filter: ['any'] },
  'initiatedBy/user/id': { type: 'guid', filter: ['eq'] },
};
const selectable = ['id', 'displayName', 'userPrincipalName', 'mail', 'accountEnabled', 'passwordPolicies'];
const secret = 'odata-test-secret-0123456789-0123456789';

const app = Fastify();
app.setErrorHandler((error, request, reply) => sendGraphError(request, reply, error));
app.get('/graph/v1.0/users', async (request) => {
  const query = parseODataQuery(request, { fields, selectable, advancedNeedsEventual: true });
  return { query, next: nextLinkFor(request, { publicUrl: 'https://lk.example/' }, 'TOKEN') };
});
after(() => app.close());

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await app.inject({ method: 'GET', url: `/graph/v1.0/users${url}`, headers });
  return { status: res.statusCode, body: res.json<Body>() };
}
interface Body {
  query: ODataQuery;
  next: string;
  error: { code: string; message: string; innerError: Record<string, string> };
}
const eventual = { consistencylevel: 'eventual' };
const enc = encodeURIComponent;

test('defaults: 100 a page, no filter, no select', async () => {
  const { status, body } = await get('');
  assert.equal(status, 200);
  assert.deepEqual(body.query, { select: null, filter: null, top: 100, count: false, search: null, orderBy: [], skipToken: null, eventual: false });
});

test('$top 1-999; 1000 and 0 fail with Graph message', async () => {
  assert.equal((await get('?$top=999')).body.query.top, 999);
  assert.equal((await get('?top=5')).body.query.top, 5);
  const tooBig = await get('?$top=1000');
  assert.equal(tooBig.status, 400);
  assert.equal(tooBig.body.error.code, 'Request_BadRequest');
  assert.equal(tooBig.body.error.message, "Invalid page size specified: '1000'. Must be between 1 and 999 inclusive.");
  assert.ok(tooBig.body.error.innerError['request-id']);
  assert.equal((await get('?$top=0')).status, 400);
  assert.equal((await get('?$top=abc')).status, 400);
});

test('$skip is refused as Graph does; unknown $ options and duplicates too', async () => {
  const skip = await get('?$skip=10');
  assert.deepEqual([skip.status, skip.body.error.code, skip.body.error.message], [400, 'Request_BadRequest', "'$skip' is not supported by the service."]);
  assert.equal((await get('?$expand=manager')).status, 400);
  assert.equal((await get('?$bogus=1')).status, 400);
  assert.equal((await get('?$top=1&top=2')).status, 400);
  assert.equal((await get('?unrelated=1')).status, 200);
});

test('$select: canonical names, unknown property → 400 naming the type', async () => {
  assert.deepEqual((await get('?$select=DISPLAYNAME,id')).body.query.select, ['displayName', 'id']);
  const bad = await get('?$select=displayName,foo');
  assert.equal(bad.status, 400);
  assert.equal(bad.body.error.message, "Parsing OData Select and Expand failed: Could not find a property named 'foo' on type 'microsoft.graph.user'.");
});

test('$filter: eq, startswith, in, eq null, and/or with precedence, datetimes, guids, any()', async () => {
  const id = '3F2504E0-4F89-11D3-9A0C-0305E82C3301';
  const f = `(displayName eq 'O''Brien' or startswith(userPrincipalName,'ad')) and accountEnabled eq true and createdDateTime ge 2026-01-01T00:00:00Z and mail eq null and id in ('${id}', '${id.toLowerCase()}') and targetResources/any(t: t/id eq ${id}) and otherMails/any(m:m eq 'a@b') and initiatedBy/user/id eq '${id}'`;
  const { status, body } = await get(`?$filter=${enc(f)}`);
  assert.equal(status, 200, JSON.stringify(body));
  const g = id.toLowerCase();
  const and = (left: unknown, right: unknown) => ({ op: 'and', left, right });
  let expected: unknown = {
    op: 'or',
    left: { op: 'eq', property: 'displayName', value: "O'Brien" },
    right: { op: 'startswith', property: 'userPrincipalName', value: 'ad' },
  };
  for (const next of [
    { op: 'eq', property: 'accountEnabled', value: true },
    { op: 'ge', property: 'createdDateTime', value: '2026-01-01T00:00:00.000Z' },
    { op: 'eq', property: 'mail', value: null },
    { op: 'in', property: 'id', values: [g, g] },
    { op: 'any', collection: 'targetResources', property: 'id', value: g },
    { op: 'any', collection: 'otherMails', property: '', value: 'a@b' },
    { op: 'eq', property: 'initiatedBy/user/id', value: g },
  ])
    expected = and(expected, next);
  assert.deepEqual(body.query.filter, expected);
});

test('$filter errors: unsupported property/operator → Request_UnsupportedQuery with Graph message; syntax → Request_BadRequest', async () => {
  const unsupported = await get(`?$filter=${enc("jobTitle eq 'x'")}`);
  assert.deepEqual([unsupported.status, unsupported.body.error.code], [400, 'Request_UnsupportedQuery']);
  assert.equal(unsupported.body.error.message, "Unsupported or invalid query filter clause specified for property 'jobTitle' of resource 'User'.");
  assert.equal((await get(`?$filter=${enc("mail in ('a')")}`)).body.error.code, 'Request_UnsupportedQuery');
  assert.equal((await get(`?$filter=${enc("endswith(mail,'x')")}`)).body.error.code, 'Request_UnsupportedQuery');
  for (const bad of [
    "displayName eq 'x",
    'displayName eq',
    "displayName eq 'x' and",
    "(displayName eq 'x'",
    'accountEnabled eq 1',
    "id eq 'nope'",
    'createdDateTime ge 2026-13-45',
  ]) {
    const r = await get(`?$filter=${enc(bad)}`);
    assert.deepEqual([r.status, r.body.error.code], [400, 'Request_BadRequest'], bad);
  }
  const deep = '('.repeat(50) + "displayName eq 'x'" + ')'.repeat(50);
  assert.equal((await get(`?$filter=${enc(deep)}`)).status, 400);
});

test('advanced queries need ConsistencyLevel: eventual (and $count=true for ne and $orderby with $filter)', async () => {
  const search = `?$search=${enc('"displayName:wa"')}`;
  const noHeader = await get(search);
  assert.deepEqual([noHeader.status, noHeader.body.error.code], [400, 'Request_UnsupportedQuery']);
  assert.deepEqual((await get(search, eventual)).body.query.search, [{ property: 'displayName', term: 'wa' }]);
  assert.equal((await get('?$count=true')).body.error.code, 'Request_UnsupportedQuery');
  assert.equal((await get('?$count=true', eventual)).body.query.count, true);
  const ne = `?$filter=${enc("displayName ne 'x'")}`;
  assert.equal((await get(ne, eventual)).status, 400);
  assert.equal((await get(ne + '&$count=true', eventual)).status, 200);
  const sorted = `?$filter=${enc("startswith(displayName,'a')")}&$orderby=displayName`;
  assert.equal((await get(sorted)).body.error.code, 'Request_UnsupportedQuery');
  assert.equal((await get(sorted + '&$count=true', eventual)).status, 200);
  assert.deepEqual((await get('?$orderby=userPrincipalName desc,displayName')).body.query.orderBy, [
    { property: 'userPrincipalName', desc: true },
    { property: 'displayName', desc: false },
  ]);
  assert.equal((await get('?$orderby=mail')).body.error.code, 'Request_UnsupportedQuery');
});

test('$search: AND of quoted property:term clauses; OR and bare terms refused', async () => {
  const r = await get(`?$search=${enc('"displayName:Ann Lee" AND "mail:contoso"')}`, eventual);
  assert.deepEqual(r.body.query.search, [
    { property: 'displayName', term: 'Ann Lee' },
    { property: 'mail', term: 'contoso' },
  ]);
  assert.equal((await get(`?$search=${enc('"displayName:a" OR "mail:b"')}`, eventual)).body.error.code, 'Request_UnsupportedQuery');
  assert.equal((await get(`?$search=${enc('displayName:a')}`, eventual)).status, 400);
  assert.equal((await get(`?$search=${enc('"jobTitle:a"')}`, eventual)).body.error.code, 'Request_UnsupportedQuery');
});

test('skip tokens are opaque and tamper-proof; nextLink keeps the query', async () => {
  const token = sealSkipToken(secret, { name: 'Ann', id: 'x' });
  assert.ok(!token.includes('Ann'));
  assert.deepEqual(openSkipToken(secret, token), { name: 'Ann', id: 'x' });
  const flipped = token.slice(0, 20) + (token[20] === 'A' ? 'B' : 'A') + token.slice(21);
  assert.equal(openSkipToken(secret, flipped), null);
  assert.equal(openSkipToken('another-secret-0123456789-0123456789', token), null);
  assert.equal(openSkipToken(secret, 'not a token'), null);
  assert.throws(
    () => requireSkipToken(secret, { skipToken: flipped }),
    (e: unknown) => e instanceof GraphError && e.code === 'Request_BadRequest',
  );
  const { body } = await get(`?$top=5&$filter=${enc("displayName eq 'a b'")}&$skiptoken=old`);
  const next = new URL(body.next);
  assert.equal(next.origin + next.pathname, 'https://lk.example/graph/v1.0/users');
  assert.deepEqual(
    [...next.searchParams],
    [
      ['$top', '5'],
      ['$filter', "displayName eq 'a b'"],
      ['$skiptoken', 'TOKEN'],
    ],
  );
});

test('selectProperties and matchesFilter', async () => {
  const user = { id: 'u1', displayName: 'Ann', mail: null, passwordPolicies: 'x', createdDateTime: '2026-02-01T10:00:00.000Z', otherMails: ['A@b'] };
  assert.deepEqual(selectProperties(user, null, ['id', 'displayName', 'mail']), { id: 'u1', displayName: 'Ann', mail: null });
  assert.deepEqual(selectProperties(user, ['displayName', 'jobTitle'], ['id']), { displayName: 'Ann', jobTitle: null });
  const filter = async (text: string) => (await get(`?$filter=${enc(text)}`)).body.query.filter;
  const match = async (text: string, entity: unknown) => matchesFilter(await filter(text), pathGetter(entity));
  assert.equal(await match("displayName eq 'ANN' and mail eq null", user), true);
  assert.equal(await match("startswith(displayName,'an') and createdDateTime ge 2026-01-01T00:00:00Z", user), true);
  assert.equal(await match('createdDateTime gt 2026-03-01T00:00:00Z', user), false);
  assert.equal(await match("otherMails/any(m: m eq 'a@B')", user), true);
  assert.equal(await match("displayName in ('Bob','ann') or mail eq 'x'", user), true);
  assert.equal(
    await match("initiatedBy/user/id eq '3f2504e0-4f89-11d3-9a0c-0305e82c3301'", { initiatedBy: { user: { id: '3F2504E0-4F89-11D3-9A0C-0305E82C3301' } } }),
    true,
  );
  assert.equal(
    matchesFilter(null, () => undefined),
    true,
  );
});

test('property: any $filter, $select, $search, $orderby, $top text gives 200 or a Graph 400, never another error', async () => {
  const alphabet = fc.constantFrom(
    ...`abcdeqnltgirsyDNU()',: "$/-0123456789TZ.\\`.split(''),
    ' eq ',
    ' and ',
    ' or ',
    'displayName',
    'startswith(',
    'any(',
    'in (',
    'null',
    'true',
    "''",
  );
  const text = fc.array(alphabet, { maxLength: 40 }).map((parts) => parts.join(''));
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom('$filter', '$select', '$search', '$orderby', '$top', '$count', '$skiptoken'),
      text,
      fc.boolean(),
      async (option, value, withHeader) => {
        const r = await get(`?${option}=${enc(value)}&$count=true`, withHeader ? eventual : {});
        assert.ok(
          r.status === 200 || (r.status === 400 && ['Request_BadRequest', 'Request_UnsupportedQuery'].includes(r.body.error.code)),
          `${option}=${value} → ${r.status} ${JSON.stringify(r.body)}`,
        );
      },
    ),
    { numRuns: 1500 },
  );
  for (const value of fc.sample(fc.string({ maxLength: 200 }), 500)) {
    const r = await get(`?$filter=${enc(value)}`);
    assert.ok(r.status === 200 || r.status === 400, value);
  }
});
