import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newId } from '../../core/crypto.js';
import { roleIds, type RoleId } from '../../../shared/roles.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';

// Entra's "Who can reset passwords" table (reference §6), typed in again here from the reference
// rather than imported, so that the test checks the data instead of repeating it.
// Columns: Password Admin, Helpdesk Admin, Authentication Admin, User Admin, Privileged Auth Admin, Global Admin.
const actors = [
  'password-administrator',
  'helpdesk-administrator',
  'authentication-administrator',
  'user-administrator',
  'privileged-authentication-administrator',
  'global-administrator',
] as const;
const table: Record<string, string> = {
  'authentication-administrator': '..Y.YY',
  'directory-readers': 'YYYYYY',
  'global-administrator': '....YY',
  'groups-administrator': '...YYY',
  'guest-inviter': 'YYYYYY',
  'helpdesk-administrator': '.Y.YYY',
  'message-center-reader': '.YYYYY',
  'password-administrator': 'YYYYYY',
  'privileged-authentication-administrator': '....YY',
  'privileged-role-administrator': '....YY',
  'reports-reader': '.YYYYY',
  'no-admin-role': 'YYYYYY',
  'role-assignable-group-member': '....YY',
  'user-administrator': '...YYY',
  'user-experience-success-manager': '.YYYYY',
  'usage-summary-reports-reader': '.YYYYY',
  'authentication-policy-administrator': '....YY',
};

test('the expectation table covers every role', () => {
  for (const role of roleIds) assert.ok(table[role], role);
});

for (const engine of testEngines()) {
  describe(`who may reset whom: every cell through the API (${engine})`, () => {
    let t: TestApp;
    const sessions = new Map<string, { cookie: string; csrf: string }>();
    const targets = new Map<string, string>();
    before(async () => {
      t = await createTestApp({ engine });
      for (const role of [...actors, 'reports-reader', 'authentication-policy-administrator', 'privileged-role-administrator'] as RoleId[]) {
        await t.createUser({ userPrincipalName: `actor.${role}@contoso.example`, password: PASSWORD, roles: [role] });
        sessions.set(role, await t.signIn(`actor.${role}@contoso.example`, PASSWORD));
      }
      for (const row of Object.keys(table)) {
        const roles = roleIds.includes(row as RoleId) ? [row as RoleId] : [];
        const { id } = await t.createUser({ userPrincipalName: `target.${row}@contoso.example`, password: PASSWORD, roles });
        targets.set(row, id);
      }
      const groupId = newId();
      await t.db.db
        .insertInto('user_group')
        .values({ id: groupId, display_name: 'Tier 0 admins', description: null, is_role_assignable: 1, created_at: t.clock.now().toISOString() })
        .execute();
      await t.db.db
        .insertInto('group_member')
        .values({ group_id: groupId, user_id: targets.get('role-assignable-group-member')! })
        .execute();
    });
    after(() => t.close());

    for (const [row, cells] of Object.entries(table)) {
      test(`target: ${row}`, async () => {
        for (const [i, actor] of actors.entries()) {
          const s = sessions.get(actor)!;
          const res = await t.app.inject({
            method: 'POST',
            url: `/api/v1/users/${targets.get(row)}/reset-password`,
            payload: { autoGenerate: true, forceChangePasswordNextSignIn: true },
            headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
          });
          if (cells[i] === 'Y') {
            assert.equal(res.statusCode, 200, `${actor} -> ${row}: ${res.body}`);
            assert.match(res.json().password, /^.{16}$/);
          } else {
            assert.equal(res.statusCode, 403, `${actor} -> ${row}: ${res.body}`);
            assert.equal(res.json().code, 'users.reset_not_permitted');
          }
        }
        for (const other of ['reports-reader', 'authentication-policy-administrator', 'privileged-role-administrator']) {
          const s = sessions.get(other)!;
          const res = await t.app.inject({
            method: 'POST',
            url: `/api/v1/users/${targets.get(row)}/reset-password`,
            payload: {},
            headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
          });
          assert.equal(
            res.json().code,
            'auth.forbidden',
            `${other} cannot reset passwords at all (Authentication Policy Administrator: "Cannot reset passwords")`,
          );
        }
      });
    }

    test('refusals are audited (ASVS 16.3.2)', async () => {
      const events = await t.repos.audit.list({ action: 'user.password_reset', outcome: 'failure', limit: 500 });
      const expectedRefusals = Object.values(table).reduce((n, cells) => n + [...cells].filter((c) => c === '.').length, 0);
      assert.equal(events.length, expectedRefusals);
    });
  });
}
