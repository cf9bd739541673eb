import { test } from 'node:test';
import assert from 'node:assert/strict';
import { judge, type Acting } from './authority.js';
import { appPermissionsOf } from '../../../shared/apps.js';

/*
 * Issue 15: the role matrix applies to apps as in Entra. An app with an application permission but
 * no directory role may reset users who hold no admin role, never an administrator; an app that
 * holds a role is judged by the matrix like a user with that role.
 */

const app = (roles: Acting['roles']): Acting => ({
  id: 'app-object-id',
  name: 'Script',
  roles,
  app: true,
  permissions: appPermissionsOf(['User.ReadWrite.All'], roles[0] ?? null),
});
const plainUser = { id: 'u1', roles: [], inRoleAssignableGroup: false };
const globalAdmin = { id: 'u2', roles: ['global-administrator' as const], inRoleAssignableGroup: false };
const helpdeskAdmin = { id: 'u3', roles: ['helpdesk-administrator' as const], inRoleAssignableGroup: false };
const groupMember = { id: 'u4', roles: [], inRoleAssignableGroup: true };

test('an app without a directory role resets a user with no admin role', () => {
  assert.equal(judge(app([]), plainUser, 'reset-password'), null);
});

test('an app without a directory role may not reset any administrator or role-assignable group member', () => {
  assert.equal(judge(app([]), globalAdmin, 'reset-password'), 'users.reset_not_permitted');
  assert.equal(judge(app([]), helpdeskAdmin, 'reset-password'), 'users.reset_not_permitted');
  assert.equal(judge(app([]), groupMember, 'reset-password'), 'users.reset_not_permitted');
});

test('an app holding Helpdesk Administrator resets a Helpdesk Administrator but not a Global Administrator', () => {
  assert.equal(judge(app(['helpdesk-administrator']), helpdeskAdmin, 'reset-password'), null);
  assert.equal(judge(app(['helpdesk-administrator']), globalAdmin, 'reset-password'), 'users.reset_not_permitted');
});

test('an app holding Privileged Authentication Administrator resets a Global Administrator', () => {
  assert.equal(judge(app(['privileged-authentication-administrator']), globalAdmin, 'reset-password'), null);
});

test("an app's permissions come from its grants: without one that grants resets it is forbidden outright", () => {
  const reader: Acting = { id: 'app2', name: 'Reader', roles: [], app: true, permissions: appPermissionsOf(['User.Read.All'], null) };
  assert.equal(judge(reader, plainUser, 'reset-password'), 'auth.forbidden');
});

test('a user without roles still gets nothing (the app rule does not leak to users)', () => {
  const user: Acting = { id: 'u9', name: 'someone', roles: [] };
  assert.equal(judge(user, plainUser, 'reset-password'), 'auth.forbidden');
});
