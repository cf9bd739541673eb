import { Button, MessageBar, MessageBarBody, Subtitle2, Switch, Text } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppJson } from '../../../shared/apps.js';
import { ErrorBar } from '../../shared/ErrorBar';
import { RedirectUrisField, badUri, parseUris } from './fields';
import { useAppActions } from './hooks';
import { useTabStyles } from './parts';

/** Authentication: redirect URIs (authorization code with PKCE) and "Allow public client flows" (device code). */
export function AuthenticationTab({ app }: { app: AppJson }) {
  const { t } = useTranslation();
  const styles = useTabStyles();
  const { update } = useAppActions(app.id);
  const [uris, setUris] = useState(app.redirectUris.join('\n'));
  const [publicClient, setPublicClient] = useState(app.publicClient);
  const [error, setError] = useState<string | undefined>();
  const [saved, setSaved] = useState(false);

  const save = () => {
    const redirectUris = parseUris(uris);
    const bad = badUri(redirectUris);
    setError(bad ? t('apps.badUri', { uri: bad }) : undefined);
    setSaved(false);
    if (!bad) update.mutate({ redirectUris, publicClient }, { onSuccess: () => setSaved(true) });
  };

  return (
    <div className={styles.section}>
      <Subtitle2 as="h2">{t('apps.auth.title')}</Subtitle2>
      <Text>{t('apps.auth.intro')}</Text>
      <RedirectUrisField value={uris} onChange={setUris} error={error} />
      <Switch checked={publicClient} onChange={(_, d) => setPublicClient(d.checked)} label={t('apps.publicClient')} />
      <Text size={200}>{t('apps.auth.publicHint')}</Text>
      <div className={styles.actions}>
        <Button appearance="primary" disabled={update.isPending} onClick={save}>
          {t('apps.save')}
        </Button>
      </div>
      {saved ? (
        <MessageBar intent="success">
          <MessageBarBody>{t('apps.saved')}</MessageBarBody>
        </MessageBar>
      ) : null}
      {update.error ? <ErrorBar error={update.error} /> : null}
    </div>
  );
}
