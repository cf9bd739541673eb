import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { testEngines } from '../testing/databases.js';
import { appToken, graphAs, registerTestApp } from '../testing/oauth.js';

// Paging Graph's /users (issue 15): 2,500 users walked with $top=999 through @odata.nextLink, on both engines.

const TOTAL = 2500;
type Page = { value: { id: string; displayName: string }[]; '@odata.nextLink'?: string; error?: { code: string } };

for (const engine of testEngines()) {
  describe(`Graph /users paging (${engine})`, () => {
    let t: TestApp;
    let token: string;
    const ids = new Set<string>();
    before(async () => {
      t = await createTestApp({ engine, config: { graphRequestsPerAppPerMinute: 0 } });
      for (let i = 0; i < TOTAL; i++) {
        // Display names that collide in groups of ten: the keyset's id tie-break must hold.
        const { id } = await t.createUser({
          userPrincipalName: `user${i}@contoso.example`,
          displayName: `Person ${String(Math.floor(i / 10)).padStart(3, '0')}`,
        });
        ids.add(id);
      }
      token = await appToken(t, await registerTestApp(t, { name: 'Pager', permissions: ['User.Read.All'] }));
    });
    after(() => t.close());

    const walk = async (first: string, onPage?: (n: number) => Promise<void>) => {
      const seen: string[] = [];
      let url: string | undefined = first;
      let pages = 0;
      while (url && pages < 10) {
        const res = await graphAs(t, token, 'GET', url);
        assert.equal(res.statusCode, 200, res.body);
        const page = res.json<Page>();
        seen.push(...page.value.map((u) => u.id));
        pages++;
        await onPage?.(pages);
        const next = page['@odata.nextLink'];
        url = next ? new URL(next).pathname + new URL(next).search : undefined;
      }
      return { seen, pages };
    };

    test('$top=999: three pages, none twice, none missing, in display-name order', async () => {
      const { seen, pages } = await walk('/graph/v1.0/users?$top=999&$select=id,displayName');
      assert.equal(pages, 3);
      assert.equal(seen.length, TOTAL);
      assert.equal(new Set(seen).size, TOTAL);
      assert.deepEqual(new Set(seen), ids);
    });

    test('stable under inserts: users added while walking do not shift or repeat the rest', async () => {
      const { seen } = await walk('/graph/v1.0/users?$top=999&$orderby=userPrincipalName desc', async (n) => {
        if (n === 1) for (let i = 0; i < 5; i++) await t.createUser({ userPrincipalName: `aaa-late${n}-${i}@contoso.example` });
      });
      const original = seen.filter((id) => ids.has(id));
      assert.equal(new Set(seen).size, seen.length, 'no user twice');
      assert.equal(original.length, TOTAL, 'every original user once');
    });

    test('a $skiptoken altered, or from another order, is refused with 400 Request_BadRequest', async () => {
      const first = (await graphAs(t, token, 'GET', '/graph/v1.0/users?$top=5')).json<Page>();
      const next = new URL(first['@odata.nextLink']!);
      const skiptoken = next.searchParams.get('$skiptoken')!;
      const flipped = skiptoken.slice(0, 10) + (skiptoken[10] === 'A' ? 'B' : 'A') + skiptoken.slice(11);
      const altered = await graphAs(t, token, 'GET', `/graph/v1.0/users?$top=5&$skiptoken=${flipped}`);
      assert.deepEqual([altered.statusCode, altered.json<Page>().error?.code], [400, 'Request_BadRequest']);
      const otherOrder = await graphAs(t, token, 'GET', `/graph/v1.0/users?$top=5&$orderby=userPrincipalName&$skiptoken=${skiptoken}`);
      assert.equal(otherOrder.statusCode, 400);
    });
  });
}
