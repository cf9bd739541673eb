/*
 * Issue 15, "Proof with real clients" (users, paging, queries, role assignments, delegated change):
 * Microsoft's Graph JavaScript client 3.0.7, unchanged, against Latchkey over https.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newId } from '../../src/server/core/crypto.js';
import { testEngines } from '../../src/server/testing/databases.js';
import { startHttpsServer, type HttpsTestServer } from '../../src/server/testing/https-server.js';
import { registerTestApp } from '../../src/server/testing/oauth.js';
import { delegatedToken } from '../../src/server/testing/oauth-delegated.js';
import { roleTemplateIds } from '../../src/shared/roles.js';
import { appClient, graphClient, graphError, graphSdk } from '../support/graph.js';

const SEEDED = 2_500;

type Page<T> = { value: T[]; '@odata.count'?: number; '@odata.nextLink'?: string };
type GraphUser = { id: string; displayName: string; userPrincipalName: string };

for (const engine of testEngines()) {
  describe(`Microsoft's Graph client: users, paging and queries over https (${engine})`, () => {
    let s: HttpsTestServer;
    before(async () => {
      s = await startHttpsServer({ engine });
      const now = s.t.clock.now();
      // 2,500 users without passwords (set-up straight into the store; Graph only reads them).
      for (let i = 0; i < SEEDED; i += 100)
        await Promise.all(
          Array.from({ length: Math.min(100, SEEDED - i) }, (_, j) => {
            const n = String(i + j).padStart(4, '0');
            return s.t.repos.users.insert({
              id: newId(),
              userPrincipalName: `seed${n}@contoso.example`,
              displayName: `Seed ${n}`,
              mail: `seed${n}@contoso.example`,
              accountEnabled: (i + j) % 10 !== 0,
              passwordHash: null,
              forceChangePassword: false,
              roles: [],
              now,
            });
          }),
        );
    });
    after(() => s?.close());

    test('create a user with passwordProfile (201, @odata.context); the user signs in and must change the password', async () => {
      const { client } = await appClient(s, { permissions: ['User.ReadWrite.All'] });
      const created = (await client.api('/users').post({
        accountEnabled: true,
        displayName: 'Nestor Wilke',
        mailNickname: 'nestor',
        userPrincipalName: 'nestor@contoso.example',
        passwordProfile: { password: 'Harbour-Lantern-Quilt-73', forceChangePasswordNextSignIn: true },
      })) as GraphUser & { '@odata.context': string };
      assert.match(created['@odata.context'], /\/graph\/v1\.0\/\$metadata#users\/\$entity$/);
      assert.equal(created.userPrincipalName, 'nestor@contoso.example');
      const signedIn = await s.t.signIn('nestor@contoso.example', 'Harbour-Lantern-Quilt-73');
      assert.equal(signedIn.body.passwordChangeRequired, true);
      const again = await graphError(
        client.api('/users').post({
          accountEnabled: true,
          displayName: 'x',
          mailNickname: 'x',
          userPrincipalName: 'nestor@contoso.example',
          passwordProfile: { password: 'Harbour-Lantern-Quilt-73' },
        }),
      );
      assert.equal(again.statusCode, 400);
    });

    test('PageIterator walks 2,500+ users with $top=999 through @odata.nextLink', async () => {
      const { client } = await appClient(s, { permissions: ['User.Read.All'] });
      const first = (await client.api('/users').top(999).select('id,displayName').get()) as Page<GraphUser>;
      assert.equal(first.value.length, 999);
      assert.match(first['@odata.nextLink'] ?? '', /^https:\/\/127\.0\.0\.1:\d+\/graph\/v1\.0\/users\?.*\$skiptoken=/);
      const seen = new Set<string>();
      let requests = 1;
      const iterator = new graphSdk.PageIterator(
        client,
        first,
        (user: GraphUser) => {
          seen.add(user.id);
          return true;
        },
        { headers: {} },
      );
      const originalNext = (iterator as unknown as { fetchAndUpdateNextPageData(): Promise<void> }).fetchAndUpdateNextPageData.bind(iterator);
      (iterator as unknown as { fetchAndUpdateNextPageData(): Promise<void> }).fetchAndUpdateNextPageData = async () => {
        requests++;
        await originalNext();
      };
      await iterator.iterate();
      assert.ok(iterator.isComplete());
      const total = Number(await client.api('/users/$count').header('ConsistencyLevel', 'eventual').get());
      assert.ok(total >= SEEDED, String(total));
      assert.equal(seen.size, total, 'every user once, none twice');
      assert.equal(requests, Math.ceil(total / 999));
    });

    test('$filter, $search and $count (ConsistencyLevel: eventual), $orderby; $top beyond 999 and $search without the header are refused', async () => {
      const { client } = await appClient(s, { permissions: ['User.Read.All'] });
      const starts = (await client.api('/users').filter("startswith(displayName,'Seed 012')").get()) as Page<GraphUser>;
      assert.deepEqual(
        starts.value.map((u) => u.displayName).sort(),
        Array.from({ length: 10 }, (_, i) => `Seed 012${i}`),
      );
      const inList = (await client
        .api('/users')
        .filter("userPrincipalName in ('seed0001@contoso.example','seed0002@contoso.example')")
        .get()) as Page<GraphUser>;
      assert.equal(inList.value.length, 2);
      const disabled = (await client
        .api('/users')
        .header('ConsistencyLevel', 'eventual')
        .filter('accountEnabled eq false')
        .count(true)
        .top(5)
        .get()) as Page<GraphUser>;
      assert.equal(disabled['@odata.count'], SEEDED / 10);
      assert.equal(disabled.value.length, 5);
      const searched = (await client
        .api('/users')
        .header('ConsistencyLevel', 'eventual')
        .search('"displayName:Seed 2499"')
        .count(true)
        .get()) as Page<GraphUser>;
      assert.equal(searched['@odata.count'], 1);
      assert.equal(searched.value[0]?.userPrincipalName, 'seed2499@contoso.example');
      const ordered = (await client.api('/users').orderby('displayName desc').top(2).get()) as Page<GraphUser>;
      assert.ok(ordered.value[0]!.displayName >= ordered.value[1]!.displayName);
      const tooMany = await graphError(client.api('/users').top(1000).get());
      assert.equal(tooMany.statusCode, 400);
      assert.equal(tooMany.code, 'Request_BadRequest');
      const noHeader = await graphError(client.api('/users').search('"displayName:Seed"').get());
      assert.equal(noHeader.statusCode, 400);
      assert.equal(noHeader.code, 'Request_UnsupportedQuery');
      const unknown = await graphError(client.api('/users/nobody@contoso.example').get());
      assert.equal(unknown.statusCode, 404);
      assert.equal(unknown.code, 'Request_ResourceNotFound');
    });

    test('role assignments: create, find with $filter, delete', async () => {
      const target = await s.t.createUser({ userPrincipalName: 'lynne@contoso.example', displayName: 'Lynne Robbins' });
      const { client } = await appClient(s, { permissions: ['RoleManagement.ReadWrite.Directory'], role: 'privileged-role-administrator' });
      const created = (await client
        .api('/roleManagement/directory/roleAssignments')
        .post({ principalId: target.id, roleDefinitionId: roleTemplateIds['helpdesk-administrator'], directoryScopeId: '/' })) as {
        id: string;
        principalId: string;
      };
      assert.equal(created.principalId, target.id);
      const found = (await client.api('/roleManagement/directory/roleAssignments').filter(`principalId eq '${target.id}'`).get()) as Page<{
        id: string;
        roleDefinitionId: string;
      }>;
      assert.deepEqual(
        found.value.map((a) => a.roleDefinitionId),
        [roleTemplateIds['helpdesk-administrator']],
      );
      await client.api(`/roleManagement/directory/roleAssignments/${created.id}`).delete();
      const gone = (await client.api('/roleManagement/directory/roleAssignments').filter(`principalId eq '${target.id}'`).get()) as Page<unknown>;
      assert.equal(gone.value.length, 0);
      const reader = await appClient(s, { permissions: ['Directory.Read.All'] });
      const denied = await graphError(
        reader.client
          .api('/roleManagement/directory/roleAssignments')
          .post({ principalId: target.id, roleDefinitionId: roleTemplateIds['global-administrator'], directoryScopeId: '/' }),
      );
      assert.equal(denied.code, 'Authorization_RequestDenied');
    });

    test('/me and /me/changePassword with a delegated token (authorization code + PKCE); an app token may not', async () => {
      await s.t.createUser({ userPrincipalName: 'diego@contoso.example', displayName: 'Diego Siciliani', password: 'Diego-Current-Pass-58' });
      const app = await registerTestApp(s.t, { permissions: [], publicClient: true, redirectUris: ['http://localhost:5555/callback'] });
      const token = await delegatedToken(s.t, { clientId: app.clientId, username: 'diego@contoso.example', password: 'Diego-Current-Pass-58' });
      const client = graphClient(s, token);
      const me = (await client.api('/me').get()) as GraphUser;
      assert.equal(me.userPrincipalName, 'diego@contoso.example');
      const wrong = await graphError(client.api('/me/changePassword').post({ currentPassword: 'not-it', newPassword: 'Diego-Next-Pass-6071' }));
      assert.equal(wrong.statusCode, 400);
      await client.api('/me/changePassword').post({ currentPassword: 'Diego-Current-Pass-58', newPassword: 'Diego-Next-Pass-6071' });
      assert.equal((await s.t.signIn('diego@contoso.example', 'Diego-Next-Pass-6071')).body.passwordChangeRequired, false);
      const appOnly = await appClient(s, { permissions: ['User.ReadWrite.All'] });
      const refused = await graphError(appOnly.client.api('/me/changePassword').post({ currentPassword: 'a', newPassword: 'b' }));
      assert.equal(refused.code, 'Authorization_RequestDenied');
    });
  });
}
