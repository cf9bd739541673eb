// The admin centre route group (one lazy chunk, with the DataGrid and the user panels).
export { ActiveUsersPage } from '../admin/ActiveUsersPage';
export { AdminHomePage } from '../admin/AdminHomePage';
export { DirectorySyncPage } from '../admin/directory/DirectorySyncPage';
export { NoAccess } from '../admin/NoAccess';
export { AuditLogPage } from '../admin/reports/AuditLogPage';
export { PasswordResetReportPage } from '../admin/reports/PasswordResetReportPage';
export { SignInsPage } from '../admin/reports/SignInsPage';
export { MailPage } from '../admin/settings/MailPage';
export { MfaPolicyPage } from '../admin/settings/MfaPolicyPage';
export { PasswordPolicyPage } from '../admin/settings/PasswordPolicyPage';
export { PasswordProtectionPage } from '../admin/settings/PasswordProtectionPage';
export { SelfServiceResetSettingsPage } from '../admin/settings/SelfServiceResetSettingsPage';
