import { AUDIT_ACTIONS, type AuditAction } from '../../shared/audit.js';

/*
 * Every Latchkey audit action as Entra's directoryAudit names it (issue 15; docs/graph.md). Where
 * Entra records the same activity, its activityDisplayName, category and loggedByService are used
 * ("Reset user password", "Add member to role", "Self-service Password Management"); where Entra
 * has no such activity (bulk jobs, breached list), the name is Latchkey's own in Entra's style.
 * Several actions may share a name, as in Entra (every step of a self-service reset is "Self-service
 * password reset flow activity progress"): a filter on the name matches all of them.
 */

export type AuditCategory = 'UserManagement' | 'RoleManagement' | 'ApplicationManagement' | 'Policy' | 'DirectoryManagement' | 'Other';
export type AuditService = 'Core Directory' | 'Self-service Password Management' | 'Authentication Methods' | 'MFA';
export type OperationType = 'Add' | 'Update' | 'Delete';
/** What the event's target is (Graph's targetResources[].type). */
export type TargetType = 'User' | 'Application' | 'ServicePrincipal' | 'Policy' | 'Directory' | 'Other';

export interface Activity {
  displayName: string;
  category: AuditCategory;
  service: AuditService;
  operationType: OperationType;
  targetType: TargetType;
}

const core = (displayName: string, operationType: OperationType, category: AuditCategory = 'UserManagement', targetType: TargetType = 'User'): Activity => ({
  displayName,
  category,
  service: 'Core Directory',
  operationType,
  targetType,
});
const sspr = (displayName: string, operationType: OperationType = 'Update'): Activity => ({
  displayName,
  category: 'UserManagement',
  service: 'Self-service Password Management',
  operationType,
  targetType: 'User',
});
const methods = (displayName: string, operationType: OperationType): Activity => ({
  displayName,
  category: 'UserManagement',
  service: 'Authentication Methods',
  operationType,
  targetType: 'User',
});
const mfa = (displayName: string, operationType: OperationType): Activity => ({
  displayName,
  category: 'UserManagement',
  service: 'MFA',
  operationType,
  targetType: 'User',
});
const policy = (displayName: string): Activity => core(displayName, 'Update', 'Policy', 'Policy');
const app = (displayName: string, operationType: OperationType): Activity => core(displayName, operationType, 'ApplicationManagement', 'Application');
const PROGRESS = 'Self-service password reset flow activity progress';

/** The map is total: the type demands an entry for every action, and logs-activities.test.ts checks it at run time. */
export const auditActivities: Record<AuditAction, Activity> = {
  'user.sign_out': core('User signed out', 'Update'),
  'user.session_revoked': core('Revoke user session', 'Delete'),
  'user.sessions_revoked': core('Invalidate all refresh tokens for user', 'Update'),
  'user.locked_out': core('Lock user account (smart lockout)', 'Update'),
  'user.unlocked': core('Unlock user account', 'Update'),
  'user.account_unlocked_self': sspr('Unlock user account (self-service)'),
  'user.password_change': core('Change user password', 'Update'),
  'user.password_reset': core('Reset user password', 'Update'),
  'user.password_reset_self': sspr('Reset password (self-service)'),
  'user.password_change_required': core('Require password change at next sign-in', 'Update'),
  'user.password_link_sent': core('Send set-password link', 'Add'),
  'user.password_links_revoked': core('Revoke set-password links', 'Delete'),
  'user.password_set_by_link': core('Set password by link', 'Update'),
  'user.password_result_emailed': core('Email password reset result', 'Add'),
  'user.created': core('Add user', 'Add'),
  'user.updated': core('Update user', 'Update'),
  'user.deleted': core('Delete user', 'Delete'),
  'role.assigned': core('Add member to role', 'Add', 'RoleManagement'),
  'role.removed': core('Remove member from role', 'Delete', 'RoleManagement'),
  'user.mfa_completed': mfa('Complete multifactor authentication', 'Update'),
  'user.mfa_locked': mfa('Lock multifactor authentication', 'Update'),
  'user.mfa_reset': methods('Admin reset multifactor authentication', 'Delete'),
  'user.step_up': core('Verify identity for a sensitive action', 'Update'),
  'security_info.method_added': methods('User registered security info', 'Add'),
  'security_info.method_removed': methods('User deleted security info', 'Delete'),
  'security_info.method_replaced': methods('User changed security info', 'Update'),
  'security_info.confirmed': methods('User reviewed security info', 'Update'),
  'recovery.requested': sspr(PROGRESS),
  'recovery.code_sent': sspr(PROGRESS),
  'recovery.rate_limit_exceeded': sspr('Blocked from self-service password reset'),
  'recovery.method_verified': sspr(PROGRESS),
  'recovery.contact_admin': sspr('Contact administrator (self-service)', 'Add'),
  'password_reset_job.created': core('Start bulk password reset', 'Add', 'UserManagement', 'Other'),
  'password_reset_job.completed': core('Complete bulk password reset', 'Update', 'UserManagement', 'Other'),
  'password_reset_job.passwords_read': core('Read bulk password reset passwords', 'Update', 'UserManagement', 'Other'),
  'password_reset_job.passwords_expired': core('Expire bulk password reset passwords', 'Delete', 'UserManagement', 'Other'),
  'password_reset_job.cancelled': core('Cancel bulk password reset', 'Update', 'UserManagement', 'Other'),
  'settings.password_policy_updated': policy('Update password policy'),
  'settings.password_protection_updated': policy('Update password protection policy'),
  'settings.smart_lockout_updated': policy('Update smart lockout policy'),
  'settings.breached_passwords_updated': policy('Update breached password list'),
  'settings.mfa_updated': policy('Update multifactor authentication policy'),
  'settings.sspr_updated': policy('Update self-service password reset policy'),
  'directory.sync_completed': core('Directory synchronization completed', 'Update', 'DirectoryManagement', 'Directory'),
  'directory.sync_failed': core('Directory synchronization failed', 'Update', 'DirectoryManagement', 'Directory'),
  'app.created': app('Add application', 'Add'),
  'app.updated': app('Update application', 'Update'),
  'app.deleted': app('Delete application', 'Delete'),
  'app.secret_added': app('Update application – Certificates and secrets management', 'Update'),
  'app.secret_removed': app('Update application – Certificates and secrets management', 'Update'),
  'app.certificate_added': app('Update application – Certificates and secrets management', 'Update'),
  'app.certificate_removed': app('Update application – Certificates and secrets management', 'Update'),
  'app.consent_granted': app('Consent to application', 'Add'),
  'app.consent_revoked': app('Revoke consent to application', 'Delete'),
  'app.role_assigned': core('Add member to role', 'Add', 'RoleManagement', 'ServicePrincipal'),
  'app.role_removed': core('Remove member from role', 'Delete', 'RoleManagement', 'ServicePrincipal'),
  'organization.created': core('Create company', 'Add', 'DirectoryManagement', 'Directory'),
  'demo.seeded': core('Add demo data', 'Add', 'Other', 'Other'),
};

/** An action an older database holds but this version no longer writes (or does not know). */
const UNKNOWN: Activity = core('Other activity', 'Update', 'Other', 'Other');

/** The activity of a stored action (retired ones, such as user.sign_in, as "Other activity"). */
export function activityOf(action: string): Activity {
  return (auditActivities as Record<string, Activity | undefined>)[action] ?? UNKNOWN;
}

/** The actions an `activityDisplayName eq` names (case-insensitive, as Graph compares). */
export function actionsNamed(displayName: string): AuditAction[] {
  const key = displayName.toLowerCase();
  return AUDIT_ACTIONS.filter((a) => auditActivities[a].displayName.toLowerCase() === key);
}

/** The actions of a category (`category eq 'RoleManagement'`). */
export function actionsInCategory(category: string): AuditAction[] {
  const key = category.toLowerCase();
  return AUDIT_ACTIONS.filter((a) => auditActivities[a].category.toLowerCase() === key);
}
