import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AUDIT_ACTIONS, RETIRED_AUDIT_ACTIONS } from '../../shared/audit.js';
import { signInReasons } from '../../shared/reports.js';
import { actionsInCategory, actionsNamed, activityOf, auditActivities } from './logs-activities.js';
import { reasonsWithErrorCode, signInStatus } from './logs-shape.js';

/* The maps from Latchkey's audit actions and sign-in outcomes to Entra's names and codes (issue 15). */

test('every audit action has an Entra activity (a new action without one fails here)', () => {
  const mapped = new Set(Object.keys(auditActivities));
  const missing = AUDIT_ACTIONS.filter((a) => !mapped.has(a));
  assert.deepEqual(missing, []);
  // And nothing stale: every mapped action is still written.
  assert.deepEqual(
    [...mapped].filter((a) => !(AUDIT_ACTIONS as readonly string[]).includes(a)),
    [],
  );
  for (const action of AUDIT_ACTIONS) {
    const a = auditActivities[action];
    assert.ok(a.displayName.trim().length > 0, action);
    assert.ok(['Core Directory', 'Self-service Password Management', 'Authentication Methods', 'MFA'].includes(a.service), action);
    assert.ok(['Add', 'Update', 'Delete'].includes(a.operationType), action);
  }
});

test("Entra's names where Entra has the activity", () => {
  assert.equal(auditActivities['user.password_reset'].displayName, 'Reset user password');
  assert.equal(auditActivities['user.password_change'].displayName, 'Change user password');
  assert.equal(auditActivities['user.password_reset_self'].displayName, 'Reset password (self-service)');
  assert.equal(auditActivities['user.password_reset_self'].service, 'Self-service Password Management');
  assert.equal(auditActivities['user.password_reset'].service, 'Core Directory');
  assert.equal(auditActivities['security_info.method_added'].service, 'Authentication Methods');
  assert.equal(auditActivities['role.assigned'].displayName, 'Add member to role');
  assert.equal(auditActivities['role.removed'].displayName, 'Remove member from role');
  assert.equal(auditActivities['user.created'].displayName, 'Add user');
  assert.equal(auditActivities['user.deleted'].displayName, 'Delete user');
  assert.equal(auditActivities['user.updated'].displayName, 'Update user');
});

test('a display name or category filter names every action that has it', () => {
  assert.deepEqual(actionsNamed('add member to role').sort(), ['app.role_assigned', 'role.assigned']);
  assert.deepEqual(actionsNamed('Self-service password reset flow activity progress').sort(), [
    'recovery.code_sent',
    'recovery.method_verified',
    'recovery.requested',
  ]);
  assert.deepEqual(actionsNamed('No such activity'), []);
  assert.ok(actionsInCategory('RoleManagement').includes('role.removed'));
  assert.ok(actionsInCategory('policy').includes('settings.password_policy_updated'));
  for (const retired of RETIRED_AUDIT_ACTIONS) assert.equal(activityOf(retired).displayName, 'Other activity');
});

test('every sign-in outcome has an Entra error code; 0 only for success', () => {
  for (const reason of signInReasons) assert.equal(typeof signInStatus[reason]?.errorCode, 'number', reason);
  assert.deepEqual(reasonsWithErrorCode(0).sort(), ['passwordless', 'success']);
  assert.equal(signInStatus.wrong_password.errorCode, 50126);
  assert.equal(signInStatus.locked.errorCode, 50053);
  assert.equal(signInStatus.disabled.errorCode, 50057);
  assert.equal(signInStatus.expired.errorCode, 50055);
  assert.equal(signInStatus.mfa_required.errorCode, 50074);
  assert.ok(reasonsWithErrorCode(50053).includes('locked'));
});
