/**
 * Every page of the app, for suites that walk them all (accessibility, phone layout). A page added to
 * App.tsx belongs here too, so both walks cover it.
 */
export const ACCOUNT_PAGES = ['/account', '/account/security', '/account/password', '/account/security-info'] as const;
/** The admin centre as a Global Administrator sees it; /admin/users has its own open states in the walks. */
export const ADMIN_PAGES = [
  '/admin',
  '/admin/users/directory-sync',
  '/admin/reports/sign-ins',
  '/admin/reports/audit',
  '/admin/reports/password-reset',
  '/admin/settings/security',
  '/admin/settings/password-protection',
  '/admin/settings/self-service-password-reset',
  '/admin/settings/multifactor',
  '/admin/settings/mail',
  '/admin/apps',
] as const;
export const PUBLIC_PAGES = ['/sign-in', '/recover', '/set-password', '/no-such-page'] as const;
