import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { iso } from '../../core/clock.js';
import type { UserWithRoles } from '../../core/identity.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { userPageJson } from './routes.js';
import { COLUMNS, rowOf } from './store-packed.js';

// Issue 16: Active users and Graph's /users read users packed by the database (store-packed.ts),
// with roles and lockout state in the same statement, and the list's 200 body is written without
// zod. These tests hold the packed path to the plain one (findById, rolesOf, lockedAmong), on
// both engines, and the body to its schema.

const PASSWORD = 'Correct-Horse-42';

test('a packed row maps every column of COLUMNS to its own position', () => {
  const row = rowOf(COLUMNS.map((_, i) => i)) as unknown as Record<string, number>;
  assert.deepEqual(Object.keys(row), [...COLUMNS]);
  COLUMNS.forEach((column, i) => assert.equal(row[column], i, column));
});

for (const engine of testEngines()) {
  describe(`users packed with roles and lock (${engine})`, () => {
    let t: TestApp;
    const ids: Record<string, string> = {};
    before(async () => {
      t = await createTestApp({ engine });
      const add = async (key: string, input: Parameters<TestApp['createUser']>[0]) => (ids[key] = (await t.createUser(input)).id);
      await add('admin', { userPrincipalName: 'admin@contoso.example', displayName: 'Ada Admin', password: PASSWORD, roles: ['user-administrator'] });
      await add('reader', { userPrincipalName: 'reader@contoso.example', displayName: 'Rita Reader', password: PASSWORD, roles: ['directory-readers'] });
      // Two roles, given in reverse order: they come back sorted, as rolesOf sorts them.
      await add('two', {
        userPrincipalName: 'two@contoso.example',
        displayName: 'Ödön Twó "Quote" \\ Back',
        roles: ['user-administrator', 'helpdesk-administrator'],
      });
      await add('plain', { userPrincipalName: 'plain@contoso.example', displayName: 'Plain Person', mail: 'plain@contoso.example', department: 'Sales' });
      await add('hard', { userPrincipalName: 'hard@contoso.example', displayName: 'Hard Locked', accountEnabled: false, mustChangePassword: true });
      await add('running', { userPrincipalName: 'running@contoso.example', displayName: 'Running Lock' });
      await add('expired', { userPrincipalName: 'expired@contoso.example', displayName: 'Expired Lock' });
      await add('directory', { userPrincipalName: 'dir@contoso.example', displayName: 'Directory User' });
      const now = t.clock.now();
      const { db } = t.db;
      const lock = (user_id: string, fields: { hard_locked?: number; familiar_locked_until?: string; unfamiliar_locked_until?: string }) =>
        db
          .insertInto('lockout')
          .values({
            user_id,
            familiar_failures: 0,
            familiar_lockouts: 0,
            familiar_locked_until: null,
            unfamiliar_failures: 0,
            unfamiliar_lockouts: 0,
            unfamiliar_locked_until: null,
            consecutive_failures: 0,
            hard_locked: 0,
            recent_wrong: '[]',
            updated_at: iso(now),
            ...fields,
          })
          .execute();
      await lock(ids.hard!, { hard_locked: 1 });
      await lock(ids.running!, { unfamiliar_locked_until: iso(new Date(now.getTime() + 60_000)) });
      await lock(ids.expired!, { familiar_locked_until: iso(new Date(now.getTime() - 60_000)) });
      await db
        .updateTable('app_user')
        .set({
          other_mails: JSON.stringify(['x@fabrikam.example', 'y@fabrikam.example']),
          business_phones: JSON.stringify(['+31 20 123 4567']),
          on_premises_dn: 'uid=dir,ou=people,dc=contoso',
          on_premises_immutable_id: 'abc',
          on_premises_sam: 'dir',
          on_premises_sam_key: 'dir',
          on_premises_last_sync_at: iso(now),
          directory_locked_at: iso(now),
        })
        .where('id', '=', ids.directory!)
        .execute();
    });
    after(() => t.close());

    /** A user as the plain path reads them: the row, rolesOf and lockedAmong. */
    const plain = async (id: string): Promise<UserWithRoles> => {
      const user = (await t.repos.users.findById(id))!;
      const roles = (await t.repos.users.rolesOf([id])).get(id) ?? [];
      const locked = (await t.repos.lockout.lockedAmong([id], t.clock.now())).has(id);
      return { ...user, roles, locked };
    };

    test('COLUMNS is every column of app_user, so a new column cannot be left out of the packed rows', async () => {
      const row = await t.db.db.selectFrom('app_user').selectAll().where('id', '=', ids.plain!).executeTakeFirstOrThrow();
      assert.deepEqual([...COLUMNS].sort(), Object.keys(row).sort());
    });

    test('every user of a page equals the plain read: fields, sorted roles, lock (hard, running, expired)', async () => {
      const page = await t.repos.users.list({ limit: 100, now: t.clock.now() });
      assert.equal(page.items.length, Object.keys(ids).length);
      for (const item of page.items) assert.deepEqual(item, await plain(item.id), item.userPrincipalName);
      const byKey = (key: string) => page.items.find((u) => u.id === ids[key])!;
      assert.deepEqual(byKey('two').roles, ['helpdesk-administrator', 'user-administrator']);
      assert.equal(byKey('hard').locked, true);
      assert.equal(byKey('running').locked, true);
      assert.equal(byKey('expired').locked, false);
      assert.equal(byKey('plain').locked, false);
      assert.deepEqual(byKey('plain').roles, []);
      // Judged at the time asked for: the running lock is over an hour later.
      const later = await t.repos.users.list({ limit: 100, now: new Date(t.clock.now().getTime() + 3_600_000) });
      assert.equal(later.items.find((u) => u.id === ids.running)!.locked, false);
    });

    test('a search and a filtered page pack the same users, in display-name order, with a cursor that resumes', async () => {
      const first = await t.repos.users.list({ search: 'lock', limit: 2, now: t.clock.now() });
      assert.deepEqual(
        first.items.map((u) => u.displayName),
        ['Expired Lock', 'Hard Locked'],
      );
      for (const item of first.items) assert.deepEqual(item, await plain(item.id));
      const rest = await t.repos.users.list({ search: 'lock', limit: 2, cursor: first.nextCursor!, now: t.clock.now() });
      assert.deepEqual(
        rest.items.map((u) => u.displayName),
        ['Running Lock'],
      );
      assert.equal(rest.nextCursor, null);
      const locked = await t.repos.users.list({ status: 'locked', limit: 10, now: t.clock.now() });
      assert.deepEqual(locked.items.map((u) => u.id).sort(), [ids.directory!, ids.hard!, ids.running!].sort());
      const admins = await t.repos.users.list({ role: 'user-administrator', limit: 10 });
      assert.deepEqual(admins.items.map((u) => u.id).sort(), [ids.admin!, ids.two!].sort());
    });

    test('Graph pages read the same users as findById', async () => {
      const page = await t.repos.users.graphList({ filter: null, search: null, orderBy: { property: 'displayName', desc: false }, limit: 100, after: null });
      assert.equal(page.items.length, Object.keys(ids).length);
      for (const item of page.items) assert.deepEqual(item, await t.repos.users.findById(item.id));
    });

    test('$count of a displayName $search from the word index equals the general count and the pages', async () => {
      const search = (...terms: string[]) => terms.map((term) => ({ property: 'displayName', term }));
      // A filter every user passes takes the general path (app_user rows and the same word checks).
      const general = (terms: string[]) => t.repos.users.graphCount({ filter: { op: 'ne', property: 'displayName', value: null }, search: search(...terms) });
      const listed = async (terms: string[]) =>
        (await t.repos.users.graphList({ filter: null, search: search(...terms), orderBy: { property: 'displayName', desc: false }, limit: 100, after: null }))
          .items.length;
      const cases: Array<[string[], number]> = [
        [['lock'], 3],
        [['LOCK RUN'], 1],
        [['lock', 'hard'], 1],
        // The index has "two" (the user principal name), but no word of the display name begins with it.
        [['two'], 0],
        [['ödön'], 1],
        [['%'], 0],
      ];
      for (const [terms, expected] of cases) {
        const count = await t.repos.users.graphCount({ filter: null, search: search(...terms) });
        assert.equal(count, expected, terms.join(' + '));
        assert.equal(await general(terms), expected, `general: ${terms.join(' + ')}`);
        assert.equal(await listed(terms), expected, `pages: ${terms.join(' + ')}`);
      }
      assert.equal((await t.repos.users.list({ search: 'two', limit: 10 })).items.length, 1, 'the word is in the index');
    });

    test('the 200 body, written without zod, is exactly what the schema describes', async () => {
      const { cookie } = await t.signIn('reader@contoso.example', PASSWORD);
      const response = await t.app.inject({ method: 'GET', url: '/api/v1/users?limit=100', headers: { cookie } });
      assert.equal(response.statusCode, 200);
      const body = response.json();
      // Parsing drops keys the schema does not know and fails on a wrong type: an equal result means an exact body.
      assert.deepEqual(userPageJson.parse(body), body);
      const dir = body.items.find((u: { id: string }) => u.id === ids.directory);
      assert.equal(dir.locked, true);
      assert.equal(dir.lockedInDirectory, true);
      assert.deepEqual(dir.otherMails, ['x@fabrikam.example', 'y@fabrikam.example']);
      assert.equal(body.items.find((u: { id: string }) => u.id === ids.hard).locked, true);
    });

    test('an error status is still written through its zod schema', async () => {
      const response = await t.app.inject({ method: 'GET', url: '/api/v1/users?limit=5' });
      assert.equal(response.statusCode, 401);
      assert.equal(typeof response.json().title, 'string');
    });
  });
}
