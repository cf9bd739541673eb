import { Badge, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { AppJson } from '../../../shared/apps.js';
import { EXPIRING_SOON_DAYS, daysUntil } from './hooks';

/* The parts the app page's tabs share. */

export const useTabStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '960px' },
  form: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'end',
    gap: tokens.spacingHorizontalL,
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  // A form whose fields stack, its buttons underneath (the role, the permission set).
  stack: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'flex-start',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  wide: { minWidth: '260px', flexGrow: 1 },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
  deleteCell: { width: '48px' },
  // Tables keep readable columns and scroll inside their box on a narrow screen (the page itself never scrolls sideways).
  table: { minWidth: '720px' },
  // A thumbprint is 40 hex digits without a break: it wraps anywhere rather than run into the next column.
  hex: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, wordBreak: 'break-all' },
});

/** A credential's state badge: expired, expiring soon (30 days) or current. */
export function ExpiryBadge({ credential }: { credential: { endDateTime: string; expired: boolean } }) {
  const { t } = useTranslation();
  const days = daysUntil(credential.endDateTime);
  if (credential.expired || days < 0)
    return (
      <Badge appearance="tint" color="danger" shape="rounded">
        {t('apps.credentials.expired')}
      </Badge>
    );
  if (days <= EXPIRING_SOON_DAYS)
    return (
      <Badge appearance="tint" color="warning" shape="rounded">
        {t('apps.credentials.expiringSoon')}
      </Badge>
    );
  return (
    <Badge appearance="tint" color="success" shape="rounded">
      {t('apps.credentials.current')}
    </Badge>
  );
}

/** The consent badge: "Granted" or "Not granted". */
export function ConsentBadge({ app }: { app: Pick<AppJson, 'consentedDateTime'> }) {
  const { t } = useTranslation();
  return app.consentedDateTime ? (
    <Badge appearance="tint" color="success" shape="rounded">
      {t('apps.consent.granted')}
    </Badge>
  ) : (
    <Badge appearance="tint" color="warning" shape="rounded">
      {t('apps.consent.notGranted')}
    </Badge>
  );
}
