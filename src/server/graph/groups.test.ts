import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newId } from '../core/crypto.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { testEngines } from '../testing/databases.js';
import { appToken, graphAs, registerTestApp } from '../testing/oauth.js';

// Graph's groups and group members (issue 15) with real app tokens, on both engines.

type Page = { value: Record<string, unknown>[]; '@odata.nextLink'?: string; '@odata.count'?: number };

for (const engine of testEngines()) {
  describe(`Graph groups (${engine})`, () => {
    let t: TestApp;
    let reader: string;
    let auditor: string;
    const groupIds: string[] = [];
    const memberIds: string[] = [];
    before(async () => {
      t = await createTestApp({ engine });
      reader = await appToken(t, await registerTestApp(t, { name: 'Reader', permissions: ['Directory.Read.All'] }));
      auditor = await appToken(t, await registerTestApp(t, { name: 'Auditor', permissions: ['AuditLog.Read.All'] }));
      for (const name of ['Sales', 'Finance', 'Sales EMEA', 'Helpdesk', 'Sales APAC']) {
        const id = newId();
        groupIds.push(id);
        await t.repos.groups.create({ id, displayName: name, description: `${name} team`, isRoleAssignable: name === 'Helpdesk' }, t.clock.now());
      }
      for (const n of ['Ann', 'Ben', 'Cas', 'Dee', 'Eli'])
        memberIds.push((await t.createUser({ userPrincipalName: `${n.toLowerCase()}@contoso.example`, displayName: n })).id);
      await t.repos.groups.addMembers(groupIds[0]!, memberIds);
    });
    after(() => t.close());

    const get = async (url: string, token = reader, headers: Record<string, string> = {}) => {
      const res = await graphAs(t, token, 'GET', url, undefined, headers);
      return { status: res.statusCode, body: res.json<Page & { error?: { code: string } }>() };
    };
    const relative = (link: string) => new URL(link).pathname + new URL(link).search;
    /** Follows @odata.nextLink to the end (bounded). */
    const walk = async (url: string) => {
      const seen: Record<string, unknown>[] = [];
      let next: string | undefined = url;
      for (let i = 0; next && i < 20; i++) {
        const { status, body } = await get(next);
        assert.equal(status, 200, JSON.stringify(body));
        seen.push(...body.value);
        next = body['@odata.nextLink'] ? relative(body['@odata.nextLink']) : undefined;
      }
      return seen;
    };

    test('GET /groups: security groups by display name, paged with $top and $skiptoken', async () => {
      const first = await get('/graph/v1.0/groups?$top=2');
      assert.equal(first.status, 200);
      assert.match(String((first.body as unknown as Record<string, string>)['@odata.context']), /\$metadata#groups$/);
      assert.equal(first.body.value.length, 2);
      assert.ok(first.body['@odata.nextLink']);
      const all = await walk('/graph/v1.0/groups?$top=2');
      assert.deepEqual(
        all.map((g) => g.displayName),
        ['Finance', 'Helpdesk', 'Sales', 'Sales APAC', 'Sales EMEA'],
      );
      const helpdesk = all.find((g) => g.displayName === 'Helpdesk')!;
      assert.equal(helpdesk.isAssignableToRole, true);
      assert.equal(helpdesk.securityEnabled, true);
      assert.equal(helpdesk.mailEnabled, false);
      assert.deepEqual(helpdesk.groupTypes, []);
    });

    test('$filter, $select and $count', async () => {
      const sales = await walk(`/graph/v1.0/groups?$filter=startswith(displayName,'sales')&$select=id,displayName&$top=1`);
      assert.deepEqual(
        sales.map((g) => g.displayName),
        ['Sales', 'Sales APAC', 'Sales EMEA'],
      );
      assert.deepEqual(Object.keys(sales[0]!).sort(), ['displayName', 'id']);
      const byId = await get(`/graph/v1.0/groups?$filter=id eq '${groupIds[1]}'`);
      assert.deepEqual(
        byId.body.value.map((g) => g.displayName),
        ['Finance'],
      );
      const counted = await get(`/graph/v1.0/groups?$count=true&$filter=displayName eq 'Finance'`, reader, { ConsistencyLevel: 'eventual' });
      assert.equal(counted.body['@odata.count'], 1);
      const noHeader = await get('/graph/v1.0/groups?$count=true');
      assert.equal(noHeader.status, 400);
      assert.equal(noHeader.body.error?.code, 'Request_UnsupportedQuery');
      const badProperty = await get(`/graph/v1.0/groups?$filter=description eq 'x'`);
      assert.equal(badProperty.status, 400);
      assert.equal(badProperty.body.error?.code, 'Request_UnsupportedQuery');
    });

    test('GET /groups/{id} and /groups/{id}/members, paged; 404 for an unknown group', async () => {
      const one = await get(`/graph/v1.0/groups/${groupIds[0]}`);
      assert.equal(one.status, 200);
      assert.equal((one.body as unknown as Record<string, unknown>).displayName, 'Sales');
      const members = await walk(`/graph/v1.0/groups/${groupIds[0]}/members?$top=2`);
      assert.deepEqual(
        members.map((m) => m.displayName),
        ['Ann', 'Ben', 'Cas', 'Dee', 'Eli'],
      );
      assert.ok(members.every((m) => m['@odata.type'] === '#microsoft.graph.user'));
      assert.deepEqual(
        members.map((m) => m.id),
        memberIds,
      );
      const selected = await get(`/graph/v1.0/groups/${groupIds[0]}/members?$select=userPrincipalName&$top=1`);
      assert.deepEqual(selected.body.value[0], { '@odata.type': '#microsoft.graph.user', userPrincipalName: 'ann@contoso.example' });
      assert.deepEqual((await get(`/graph/v1.0/groups/${groupIds[1]}/members`)).body.value, []);
      for (const url of [`/graph/v1.0/groups/${newId()}`, `/graph/v1.0/groups/${newId()}/members`]) {
        const missing = await get(url);
        assert.equal(missing.status, 404, url);
        assert.equal(missing.body.error?.code, 'Request_ResourceNotFound');
      }
    });

    test('reading groups needs a directory read permission: 403 with AuditLog.Read.All alone', async () => {
      const refused = await get('/graph/v1.0/groups', auditor);
      assert.equal(refused.status, 403);
      assert.equal(refused.body.error?.code, 'Authorization_RequestDenied');
    });
  });
}
