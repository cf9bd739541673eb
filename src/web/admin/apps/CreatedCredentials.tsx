import { MessageBar, MessageBarBody, MessageBarTitle, makeStyles, tokens } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import type { AppCreatedJson } from '../../../shared/apps.js';
import { DetailsList } from '../reports/parts';
import { CopyValue } from './CopyField';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

/**
 * What creating an app (or adding a secret) answers: the client id, the tenant id and the secret's
 * value, with copy buttons. The value is shown this once: it lives only in the component's state
 * and is gone when the panel closes or the page reloads (the server keeps only a hash).
 */
export function CreatedCredentials({ created, secretOnly }: { created: AppCreatedJson; secretOnly?: boolean }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const secret = created.clientSecret;
  const rows = [
    ...(secretOnly
      ? []
      : [
          { label: t('apps.clientId'), value: <CopyValue value={created.clientId} label={t('apps.clientId')} testId="created-client-id" /> },
          { label: t('apps.tenantId'), value: <CopyValue value={created.tenantId} label={t('apps.tenantId')} testId="created-tenant-id" /> },
        ]),
    ...(secret ? [{ label: t('apps.secretValue'), value: <CopyValue value={secret} label={t('apps.secretValue')} testId="created-secret" /> }] : []),
    ...(secret && created.secretId ? [{ label: t('apps.secretId'), value: <CopyValue value={created.secretId} label={t('apps.secretId')} /> }] : []),
  ];
  return (
    <div className={styles.root} data-testid="created-credentials">
      {secret ? (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('apps.secretOnce.title')}</MessageBarTitle>
            {t('apps.secretOnce.body')}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <DetailsList rows={rows} label={t('apps.created.credentials')} />
    </div>
  );
}
