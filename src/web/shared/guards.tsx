import { Button, Link, MessageBar, MessageBarActions, MessageBarBody, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import { useEffect } from 'react';
import type { ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Navigate, Outlet, useLocation } from 'react-router';
import { ErrorBar } from './ErrorBar';
import type { Permission } from '../../shared/roles.js';
import { adoptProfileLanguage, didSignOutOnPurpose, hasPermission, pendingSignInNotice, useChangeLanguage, useLanguageNotice, useMe } from './session';
import { TopBar } from './TopBar';

const useStyles = makeStyles({
  // The top bar and left navigation stay put; only the page scrolls, as in the Microsoft 365 admin centre.
  root: { display: 'flex', flexDirection: 'column', height: '100dvh', backgroundColor: tokens.colorNeutralBackground2 },
  body: { display: 'flex', flexDirection: 'column', flexGrow: 1, minHeight: 0, overflowY: 'auto' },
  center: { display: 'flex', justifyContent: 'center', alignItems: 'center', flexGrow: 1, padding: tokens.spacingHorizontalXXL },
  notice: { flexShrink: 0, borderRadius: 0 },
});

/**
 * "Shown in English, the language in your profile. Switch to Nederlands": said once the profile's
 * language replaced the device's after sign-in, so the change of language is on purpose. The switch
 * changes the language here and in the profile (`PATCH /me`); the notice can be closed.
 */
function LanguageNotice() {
  const { t } = useTranslation();
  const styles = useStyles();
  const notice = useLanguageNotice();
  const changeLanguage = useChangeLanguage();
  if (!notice.show) return null;
  const other = notice.device;
  return (
    <MessageBar intent="info" className={styles.notice} data-testid="language-notice">
      <MessageBarBody>
        {t('language.profileNotice')}{' '}
        <Link as="button" inline onClick={() => void changeLanguage(other)}>
          {/* The language's own name, marked as such for screen readers. */}
          <Trans i18nKey="language.switchTo" values={{ language: t(`languages.${other}`) }} components={{ name: <span lang={other} /> }} />
        </Link>
      </MessageBarBody>
      <MessageBarActions
        containerAction={<Button appearance="transparent" aria-label={t('language.dismiss')} icon={<DismissRegular />} onClick={notice.dismiss} />}
      />
    </MessageBar>
  );
}

export function FullPageSpinner() {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <div className={styles.center}>
      <Spinner label={t('app.loading')} />
    </div>
  );
}

/**
 * The outermost layout: top bar, the signed-in user's language, and the rule that a user who must
 * change their password can reach nothing but /change-password.
 */
export function RootLayout() {
  const styles = useStyles();
  const location = useLocation();
  const me = useMe();

  // After sign-in the profile's language wins over the device's (docs/web.md, Language); the MFA
  // step still belongs to sign-in.
  const preferred = me.data?.user.preferredLanguage;
  const signedIn = !!me.data && !me.data.mfaRequired;
  useEffect(() => {
    if (signedIn) void adoptProfileLanguage(preferred);
  }, [preferred, signedIn]);

  // A session at the MFA step (issue 17) can reach nothing but /sign-in/mfa.
  const mfaStep = !!me.data?.mfaRequired;
  if (mfaStep && location.pathname !== '/sign-in/mfa') return <Navigate to="/sign-in/mfa" replace />;
  const limited = !!me.data?.passwordChangeRequired || mfaStep;
  if (!mfaStep && limited && location.pathname !== '/change-password') return <Navigate to="/change-password" replace />;

  return (
    <div className={styles.root}>
      <TopBar limited={limited} />
      <LanguageNotice />
      <div className={styles.body}>
        {me.isPending ? (
          <FullPageSpinner />
        ) : me.isError ? (
          <div className={styles.center}>
            <ErrorBar error={me.error} onRetry={() => void me.refetch()} />
          </div>
        ) : (
          <Outlet />
        )}
      </div>
    </div>
  );
}

/** Sends signed-out visitors to /sign-in?returnTo=… */
export function RequireAuth({ children }: { children: ReactNode }) {
  const location = useLocation();
  const { data: me } = useMe();
  if (!me) {
    if (didSignOutOnPurpose()) return <Navigate to="/sign-in" replace state={pendingSignInNotice()} />;
    const returnTo = location.pathname + location.search;
    return <Navigate to={`/sign-in?returnTo=${encodeURIComponent(returnTo)}`} replace />;
  }
  return <>{children}</>;
}

/** Renders `children` when the user has the permission (any of them, for a list), else `fallback`. */
export function RequirePermission({
  permission,
  children,
  fallback,
}: {
  permission: Permission | readonly Permission[];
  children: ReactNode;
  fallback: ReactNode;
}) {
  const { data: me } = useMe();
  const any = (typeof permission === 'string' ? [permission] : permission).some((p) => hasPermission(me, p));
  return <>{any ? children : fallback}</>;
}
