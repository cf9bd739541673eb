import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AppError } from '../../core/errors.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { isValidUpn } from './validation.js';

const PASSWORD = 'Correct-Horse-42';
const ctx = { ipAddress: '127.0.0.1', userAgent: 'test', correlationId: 'c-1' };

test('UPN rules of Entra (reference §2.3)', () => {
  for (const ok of ['a@contoso.example', "o'neil@contoso.example", 'a.b-c_d!e#f^g~h@contoso.example', `${'a'.repeat(64)}@contoso.example`])
    assert.ok(isValidUpn(ok), ok);
  for (const bad of [
    'a.@contoso.example',
    'a@b@contoso.example',
    '@contoso.example',
    'a b@contoso.example',
    'é@contoso.example',
    `${'a'.repeat(65)}@contoso.example`,
    `a@${'b'.repeat(41)}.example`,
    'a@contoso',
    'a@',
  ]) {
    assert.ok(!isValidUpn(bad), bad);
  }
});

for (const engine of testEngines()) {
  describe(`users API and service (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp({ engine });
      await t.createUser({ userPrincipalName: 'reader@contoso.example', displayName: 'Rita Reader', password: PASSWORD, roles: ['directory-readers'] });
      await t.createUser({ userPrincipalName: 'useradmin@contoso.example', displayName: 'Uma Admin', password: PASSWORD, roles: ['user-administrator'] });
      for (let i = 0; i < 30; i++)
        await t.createUser({ userPrincipalName: `person${i}@contoso.example`, displayName: `Person ${String(i).padStart(2, '0')}`, department: 'Sales' });
    });
    after(() => t.close());

    test('an admin pages through Active users with Graph field names', async () => {
      const { cookie } = await t.signIn('reader@contoso.example', PASSWORD);
      const first = await t.app.inject({ method: 'GET', url: '/api/v1/users?search=person&limit=20', headers: { cookie } });
      assert.equal(first.statusCode, 200);
      const body = first.json();
      assert.equal(body.items.length, 20);
      assert.equal(body.items[0].displayName, 'Person 00');
      for (const key of [
        'id',
        'userPrincipalName',
        'displayName',
        'givenName',
        'surname',
        'mail',
        'otherMails',
        'mobilePhone',
        'businessPhones',
        'accountEnabled',
        'preferredLanguage',
        'passwordPolicies',
        'lastPasswordChangeDateTime',
      ]) {
        assert.ok(key in body.items[0], key);
      }
      assert.ok(!('passwordHash' in body.items[0]) && !JSON.stringify(body).includes('argon2'), 'no hash leaves the server');
      const second = await t.app.inject({ method: 'GET', url: `/api/v1/users?search=person&limit=20&cursor=${body.nextCursor}`, headers: { cookie } });
      assert.equal(second.json().items.length, 10);
      assert.equal(second.json().nextCursor, null);
      const one = await t.app.inject({ method: 'GET', url: `/api/v1/users/${body.items[3].id}`, headers: { cookie } });
      assert.equal(one.json().userPrincipalName, body.items[3].userPrincipalName);
    });

    test('filters by role, status and group', async () => {
      const { cookie } = await t.signIn('reader@contoso.example', PASSWORD);
      const get = async (query: string) =>
        (await t.app.inject({ method: 'GET', url: `/api/v1/users?${query}`, headers: { cookie } }))
          .json()
          .items.map((u: { userPrincipalName: string }) => u.userPrincipalName);
      assert.deepEqual(await get('role=user-administrator'), ['useradmin@contoso.example']);
      const { id } = await t.createUser({ userPrincipalName: 'off@contoso.example', displayName: 'Off', accountEnabled: false, mustChangePassword: true });
      assert.deepEqual(await get('status=disabled'), ['off@contoso.example']);
      assert.ok((await get('status=must_change')).includes('off@contoso.example'));
      for (let i = 0; i < 10; i++) await t.services.lockout.recordFailure(id, false, `x${i}`);
      assert.deepEqual(await get('status=locked'), ['off@contoso.example']);
      const groupId = '7d0c2b1e-3f2a-4c5d-8e9f-0a1b2c3d4e5f';
      await t.repos.groups.create({ id: groupId, displayName: 'G' }, t.clock.now());
      await t.repos.groups.addMembers(groupId, [id]);
      assert.deepEqual(await get(`groupId=${groupId}`), ['off@contoso.example']);
    });

    test('the service checks authority itself, whatever the route did', async () => {
      const plain = await t.createUser({ userPrincipalName: 'plain@contoso.example', password: PASSWORD });
      const principal = { user: (await t.repos.users.findById(plain.id))!, roles: [], permissions: [], session: {} as never };
      await assert.rejects(
        t.services.users.list({ kind: 'user', principal }, { limit: 5 }),
        (e: unknown) => e instanceof AppError && e.code === 'auth.forbidden',
      );
      await assert.rejects(
        t.services.users.create({ kind: 'user', principal }, { userPrincipalName: 'x@contoso.example', displayName: 'X' }, ctx),
        (e: unknown) => e instanceof AppError && e.code === 'auth.forbidden',
      );
    });

    test('creating a user validates every field at once, checks the domain, refuses duplicates and audits', async () => {
      const system = { kind: 'system' as const, name: 'test' };
      await assert.rejects(
        t.services.users.create(
          system,
          { userPrincipalName: 'bad.@contoso.example', displayName: ' ', mail: 'nope', mobilePhone: '0612', otherMails: ['ok@example.org', 'bad'] },
          ctx,
        ),
        (e: unknown) =>
          e instanceof AppError &&
          e.code === 'request.validation_failed' &&
          e.issues
            .map((i) => i.path)
            .sort()
            .join() === 'displayName,mail,mobilePhone,otherMails.1,userPrincipalName',
      );
      await assert.rejects(
        t.services.users.create(system, { userPrincipalName: 'a@fabrikam.example', displayName: 'A' }, ctx),
        (e: unknown) => e instanceof AppError && e.code === 'users.invalid_domain',
      );
      await assert.rejects(
        t.services.users.create(system, { userPrincipalName: 'Person1@Contoso.Example', displayName: 'Dup' }, ctx),
        (e: unknown) => e instanceof AppError && e.code === 'users.upn_taken',
      );
      await assert.rejects(
        t.services.users.create(system, { userPrincipalName: 'weak@contoso.example', displayName: 'Weak', password: 'Password123!' }, ctx),
        (e: unknown) => e instanceof AppError && e.code === 'password.rejected' && e.issues[0]?.code === 'password.banned',
      );
      assert.equal(await t.repos.users.findBySignInName('weak@contoso.example'), undefined, 'a rejected password creates nothing');
      const strong = 'Zebra-Quilt-Harbor-71!';
      const created = await t.services.users.create(
        system,
        {
          userPrincipalName: 'new.hire@contoso.example',
          displayName: 'New Hire',
          password: strong,
          forceChangePassword: true,
          roles: ['password-administrator'],
        },
        ctx,
      );
      assert.equal(created.forceChangePassword, true);
      assert.deepEqual(created.roles, ['password-administrator']);
      const [event] = await t.repos.audit.listForTarget(created.id, 5);
      assert.equal(event?.action, 'user.created');
      assert.equal(event?.actorName, 'test');
      const res = await t.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { username: 'new.hire@contoso.example', password: strong } });
      assert.equal(res.json().passwordChangeRequired, true);
    });
  });
}
