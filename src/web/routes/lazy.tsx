// Lazy route groups (issue 13 item 1): the sign-in page is in the entry chunk; the reset portal,
// the new-password pages, My account and the admin centre each load when first opened.
import { Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { Suspense, lazy, useEffect, useState } from 'react';
import type { ComponentType, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

const loadAccount = () => import('./account');
const loadAdmin = () => import('./admin');
const loadPassword = () => import('./password');

/** A named export of a route group as a lazy component. */
function page<M, K extends keyof M>(load: () => Promise<M>, name: K) {
  return lazy(async () => ({ default: (await load())[name] as ComponentType }));
}

export const SignedInLayout = page(loadAccount, 'SignedInLayout');
export const OverviewPage = page(loadAccount, 'OverviewPage');
export const SecurityPage = page(loadAccount, 'SecurityPage');
export const ChangePasswordPage = page(loadAccount, 'ChangePasswordPage');
export const SecurityInfoPage = page(loadAccount, 'SecurityInfoPage');

export const AdminHomePage = page(loadAdmin, 'AdminHomePage');
export const ActiveUsersPage = page(loadAdmin, 'ActiveUsersPage');
export const DirectorySyncPage = page(loadAdmin, 'DirectorySyncPage');
export const NoAccess = page(loadAdmin, 'NoAccess');
export const SignInsPage = page(loadAdmin, 'SignInsPage');
export const PasswordResetReportPage = page(loadAdmin, 'PasswordResetReportPage');
export const AuditLogPage = page(loadAdmin, 'AuditLogPage');
export const PasswordPolicyPage = page(loadAdmin, 'PasswordPolicyPage');
export const PasswordProtectionPage = page(loadAdmin, 'PasswordProtectionPage');
export const SelfServiceResetSettingsPage = page(loadAdmin, 'SelfServiceResetSettingsPage');
export const MailPage = page(loadAdmin, 'MailPage');
export const MfaPolicyPage = page(loadAdmin, 'MfaPolicyPage');

// App registrations (issue 15): a chunk of their own, for Global Administrators only.
const loadApps = () => import('../admin/apps/pages');
export const AppsPage = page(loadApps, 'AppsPage');
export const AppPage = page(loadApps, 'AppPage');

export const MustChangePasswordPage = page(loadPassword, 'MustChangePasswordPage');
export const SetPasswordPage = page(loadPassword, 'SetPasswordPage');

export const MfaPage = page(() => import('../sign-in/MfaPage'), 'MfaPage');
export const RecoverPage = page(() => import('../sign-in/RecoverPage'), 'RecoverPage');

const useStyles = makeStyles({
  // Takes the page's place (the top bar and the navigation stay put), so nothing jumps when the page arrives.
  fallback: { display: 'flex', flexGrow: 1, justifyContent: 'center', alignItems: 'center', padding: tokens.spacingHorizontalXXL },
});

/** Shown while a route group loads: empty at first, a spinner only if loading takes noticeably long. */
function RouteFallback() {
  const { t } = useTranslation();
  const styles = useStyles();
  const [slow, setSlow] = useState(false);
  useEffect(() => {
    const timer = window.setTimeout(() => setSlow(true), 300);
    return () => window.clearTimeout(timer);
  }, []);
  return <div className={styles.fallback}>{slow && <Spinner label={t('app.loading')} />}</div>;
}

/** A lazily loaded route element. */
export function Lazy({ children }: { children: ReactNode }) {
  return <Suspense fallback={<RouteFallback />}>{children}</Suspense>;
}
