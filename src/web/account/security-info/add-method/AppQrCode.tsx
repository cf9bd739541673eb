import { Button, Text } from '@fluentui/react-components';
import { CopyRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuthenticatorVerification } from '../../../../shared/security-info.js';
import { useDialogStyles } from '../dialogStyles';
import { groupSecret, svgDataUrl } from '../labels';

/**
 * Authenticator app, then: the QR code (an <img> of the server's SVG, never markup in the page) and
 * the key to type instead, above the box for the app's first code.
 */
export function AppQrCode({ verification }: { verification: AuthenticatorVerification }) {
  const { t } = useTranslation();
  const styles = useDialogStyles();
  const [copied, setCopied] = useState(false);
  const secret = groupSecret(verification.secret);
  return (
    <>
      <Text as="p">{t('securityInfo.appScan')}</Text>
      <img
        className={styles.qr}
        src={svgDataUrl(verification.qrCodeSvg)}
        alt={t('securityInfo.qrAlt')}
        width={200}
        height={200}
        data-testid="authenticator-qr"
      />
      <Text as="p">{t('securityInfo.appManual')}</Text>
      <div className={styles.secretRow}>
        <code className={styles.secret} data-testid="authenticator-secret" aria-label={t('securityInfo.secretLabel')}>
          {secret}
        </code>
        <Button
          size="small"
          icon={<CopyRegular />}
          onClick={() => {
            void navigator.clipboard?.writeText(verification.secret).then(
              () => setCopied(true),
              () => setCopied(false),
            );
          }}
        >
          {copied ? t('securityInfo.copied') : t('securityInfo.copy')}
        </Button>
      </div>
      <Text as="p" className={styles.muted}>
        {t('securityInfo.appTimeBased')}
      </Text>
    </>
  );
}
