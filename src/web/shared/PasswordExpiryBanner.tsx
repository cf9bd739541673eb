import { Button, Link, MessageBar, MessageBarActions, MessageBarBody, makeStyles, tokens } from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';
import { useSpaClick } from './links';
import { useMe } from './session';

const DISMISSED_KEY = 'latchkey.expiryReminderDismissed';

const useStyles = makeStyles({
  bar: { margin: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalXXXL} 0`, '@media (max-width: 640px)': { marginInline: tokens.spacingHorizontalL } },
});

function dismissedFor(): string | null {
  try {
    return window.sessionStorage.getItem(DISMISSED_KEY);
  } catch {
    return null;
  }
}

/**
 * "Your password expires in N days. Change it now." inside the notification window of the
 * expiration policy. Dismissed for the rest of this session (per browser tab).
 */
export function PasswordExpiryBanner() {
  const { t } = useTranslation();
  const styles = useStyles();
  const { pathname } = useLocation();
  const spaClick = useSpaClick();
  const { data: me } = useMe();
  const sessionId = me?.session.id ?? '';
  const [dismissed, setDismissed] = useState(() => dismissedFor());
  const expiry = me?.passwordExpiry;
  if (!expiry?.remind || dismissed === sessionId || pathname === '/account/password') return null;
  const days = Math.max(0, expiry.daysLeft ?? 0);

  const dismiss = () => {
    try {
      window.sessionStorage.setItem(DISMISSED_KEY, sessionId);
    } catch {
      // Without storage the banner stays dismissed until the page is reloaded.
    }
    setDismissed(sessionId);
  };

  return (
    <MessageBar intent="warning" className={styles.bar} data-testid="password-expiry-banner">
      <MessageBarBody>
        {days === 0 ? t('expiry.today') : t('expiry.inDays', { count: days })}{' '}
        <Link href="/account/password" onClick={(e) => spaClick(e, '/account/password')} inline>
          {t('expiry.changeNow')}
        </Link>
      </MessageBarBody>
      <MessageBarActions containerAction={<Button appearance="transparent" aria-label={t('expiry.dismiss')} icon={<DismissRegular />} onClick={dismiss} />} />
    </MessageBar>
  );
}
