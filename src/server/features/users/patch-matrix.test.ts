import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newId } from '../../core/crypto.js';
import { roleIds, type RoleId } from '../../../shared/roles.js';
import { createTestApp, type TestApp } from '../../testing/test-app.js';
import { testEngines } from '../../testing/databases.js';
import { patchBody } from './admin-routes.js';

const PASSWORD = 'Zebra-Quilt-Harbor-71!';

/*
 * Issue 12, finding 6 (checklist A1; ASVS 8.2.1, 8.2.2): every field `PATCH /users/{id}` accepts
 * × every admin role × every kind of target, against Entra's sensitive-actions matrix. The fields
 * come from the route's own zod schema, so a new field fails here until it is classified below.
 */

/** Entra's sensitive properties (reference §6), plus `mail` (a sign-in and reset alias, where notices go) and `passwordPolicies` (issue 12). */
const sensitive = ['accountEnabled', 'businessPhones', 'mobilePhone', 'otherMails', 'userPrincipalName', 'mail', 'passwordPolicies'];
const ordinary = ['displayName', 'givenName', 'surname', 'department', 'jobTitle', 'preferredLanguage'];

/** A fresh, valid value for each field (`i` keeps names unique). */
const samples: Record<string, (i: number) => unknown> = {
  userPrincipalName: (i) => `renamed${i}@contoso.example`,
  displayName: (i) => `Person ${i}`,
  givenName: (i) => `Given${i}`,
  surname: (i) => `Surname${i}`,
  mail: (i) => `mail${i}@example.org`,
  otherMails: (i) => [`alternate${i}@example.org`],
  mobilePhone: (i) => `+31 6 ${String(10_000_000 + i).slice(-8)}`,
  businessPhones: (i) => [`+31 20 ${String(1_000_000 + i).slice(-7)}`],
  department: (i) => `Department ${i}`,
  jobTitle: (i) => `Title ${i}`,
  accountEnabled: () => true,
  preferredLanguage: (i) => (i % 2 ? 'nl' : 'en'),
  passwordPolicies: (i) => (i % 2 ? 'DisablePasswordExpiration' : null),
};

/** Who holds `users:manage` ("Add, edit and delete users", docs/roles.md): the others are refused before any field is looked at. */
const editors: RoleId[] = ['user-administrator', 'global-administrator'];

// Entra's "Who can perform sensitive actions" table, typed from the reference rather than imported.
// Columns: Authentication Admin, User Admin, Privileged Authentication Admin, Global Admin.
const columns = ['authentication-administrator', 'user-administrator', 'privileged-authentication-administrator', 'global-administrator'];
const sensitiveActions: Record<string, string> = {
  'authentication-administrator': 'Y.YY',
  'directory-readers': 'YYYY',
  'global-administrator': '..YY',
  'groups-administrator': '.YYY',
  'guest-inviter': 'YYYY',
  'helpdesk-administrator': '.YYY',
  'message-center-reader': 'YYYY',
  'password-administrator': 'YYYY',
  'privileged-authentication-administrator': '..YY',
  'privileged-role-administrator': '..YY',
  'reports-reader': 'YYYY',
  'no-admin-role': 'YYYY',
  'role-assignable-group-member': '..YY',
  'user-administrator': '.YYY',
  'user-experience-success-manager': 'YYYY',
  'usage-summary-reports-reader': 'YYYY',
  'authentication-policy-administrator': '..YY',
};

test('every field PATCH /users/{id} accepts is classified and has a sample value', () => {
  const fields = Object.keys(patchBody.shape).sort();
  assert.deepEqual([...sensitive, ...ordinary].sort(), fields, 'classify a new field as sensitive or ordinary');
  assert.deepEqual(Object.keys(samples).sort(), fields);
  for (const role of roleIds) assert.ok(sensitiveActions[role], role);
});

function expected(actor: RoleId, target: string, field: string): { status: number; code?: string } {
  if (!editors.includes(actor)) return { status: 403, code: 'auth.forbidden' };
  if (!sensitive.includes(field)) return { status: 200 };
  const column = columns.indexOf(actor);
  return sensitiveActions[target]![column] === 'Y' ? { status: 200 } : { status: 403, code: 'users.reset_not_permitted' };
}

for (const engine of testEngines()) {
  describe(`PATCH /users/{id}: every field × every admin role × every kind of target (${engine})`, () => {
    let t: TestApp;
    const sessions = new Map<RoleId, { cookie: string; csrf: string }>();
    const targets = new Map<string, string>();
    let i = 0;
    let allowed = 0;
    before(async () => {
      t = await createTestApp({ engine });
      for (const role of roleIds) {
        await t.createUser({ userPrincipalName: `actor.${role}@contoso.example`, password: PASSWORD, roles: [role] });
        sessions.set(role, await t.signIn(`actor.${role}@contoso.example`, PASSWORD));
      }
      for (const kind of Object.keys(sensitiveActions)) {
        const roles = roleIds.includes(kind as RoleId) ? [kind as RoleId] : [];
        targets.set(kind, (await t.createUser({ userPrincipalName: `target.${kind}@contoso.example`, password: PASSWORD, roles })).id);
      }
      const groupId = newId();
      await t.db.db
        .insertInto('user_group')
        .values({ id: groupId, display_name: 'Tier 0', description: null, is_role_assignable: 1, created_at: t.clock.now().toISOString() })
        .execute();
      await t.db.db
        .insertInto('group_member')
        .values({ group_id: groupId, user_id: targets.get('role-assignable-group-member')! })
        .execute();
    });
    after(() => t.close());

    for (const target of Object.keys(sensitiveActions)) {
      test(`target: ${target}`, async () => {
        // One request at a time: each response must show the value its own request set.
        for (const actor of roleIds) {
          const s = sessions.get(actor)!;
          for (const field of Object.keys(patchBody.shape)) {
            const value = samples[field]!(++i);
            const res = await t.app.inject({
              method: 'PATCH',
              url: `/api/v1/users/${targets.get(target)}`,
              payload: { [field]: value },
              headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
            });
            const want = expected(actor, target, field);
            const cell = `${actor} sets ${field} of ${target}`;
            assert.equal(res.statusCode, want.status, `${cell}: ${res.body}`);
            if (want.code) assert.equal(res.json().code, want.code, cell);
            else {
              allowed++;
              assert.deepEqual(res.json()[field], value, cell);
            }
          }
        }
      });
    }

    test('each accepted change is audited once; no refused one changed anything', async () => {
      const events = await t.repos.audit.list({ action: 'user.updated', outcome: 'success', limit: 100_000 });
      assert.equal(events.length, allowed);
    });
  });
}
