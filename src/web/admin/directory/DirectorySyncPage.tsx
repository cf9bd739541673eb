import { Button, Card, MessageBar, MessageBarBody, Spinner, Subtitle2, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowClockwiseRegular, PlugDisconnectedRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DirectoryStatus } from '../../../shared/directory.js';
import { PERMISSIONS } from '../../../shared/roles.js';
import { ErrorBar } from '../../shared/ErrorBar';
import { useDateFormatter } from '../../shared/format';
import { Page } from '../../shared/Page';
import { hasPermission, useMe } from '../../shared/session';
import { DetailsList } from '../reports/parts';
import { RunCounts, RunDetails, RunErrors } from './SyncRunParts';
import { SyncNowMenu } from './SyncNowMenu';
import { useDirectoryStatus, useStartSync } from './useDirectoryStatus';

const useStyles = makeStyles({
  bar: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
  cards: { display: 'grid', gap: tokens.spacingHorizontalL, gridTemplateColumns: 'repeat(auto-fit, minmax(320px, 1fr))' },
  card: { padding: tokens.spacingHorizontalL, gap: tokens.spacingVerticalM },
  empty: { padding: tokens.spacingHorizontalXL, gap: tokens.spacingVerticalM, maxWidth: '720px' },
  emptyIcon: { fontSize: '40px', color: tokens.colorNeutralForeground3 },
  muted: { color: tokens.colorNeutralForeground2 },
  code: { fontFamily: tokens.fontFamilyMonospace },
});

/** A titled card of the page. */
function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  const styles = useStyles();
  return (
    <Card className={styles.card} data-testid={testId}>
      <Subtitle2 as="h2">{title}</Subtitle2>
      {children}
    </Card>
  );
}

/** No directory: what the page is for and where the setup is described; no failing call on screen. */
function NotConfigured() {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <Card className={styles.empty} data-testid="directory-not-configured">
      <PlugDisconnectedRegular className={styles.emptyIcon} aria-hidden />
      <Subtitle2 as="h2">{t('directorySync.notConfigured.title')}</Subtitle2>
      <Text>{t('directorySync.notConfigured.body')}</Text>
      <Text className={styles.muted}>{t('directorySync.notConfigured.docs')}</Text>
    </Card>
  );
}

/** Kind, server, base DN, schedule and how many users come from the directory. */
function Connection({ status }: { status: DirectoryStatus }) {
  const { t } = useTranslation();
  const styles = useStyles();
  return (
    <Section title={t('directorySync.connection')} testId="directory-connection">
      <DetailsList
        label={t('directorySync.connection')}
        rows={[
          { label: t('directorySync.kind'), value: status.kind ? t(`directorySync.kinds.${status.kind}`) : null },
          { label: t('directorySync.url'), value: status.url ? <span className={styles.code}>{status.url}</span> : null },
          { label: t('directorySync.baseDn'), value: status.baseDn ? <span className={styles.code}>{status.baseDn}</span> : null },
          {
            label: t('directorySync.schedule'),
            value: status.syncIntervalMinutes > 0 ? t('directorySync.scheduleEvery', { count: status.syncIntervalMinutes }) : t('directorySync.scheduleManual'),
          },
          { label: t('directorySync.directoryUsers'), value: String(status.directoryUsers) },
        ]}
      />
    </Section>
  );
}

/**
 * Users > Directory sync, as Microsoft 365's "Directory sync status": the connection, the last sync
 * (time, type, who started it, status), its counts and errors, the last successful sync and the
 * schedule, with Sync now (for those who may sync) and a live refresh while a sync runs.
 */
export function DirectorySyncPage() {
  const { t } = useTranslation();
  const styles = useStyles();
  const { data: me } = useMe();
  const format = useDateFormatter();
  const status = useDirectoryStatus();
  const sync = useStartSync();
  const [started, setStarted] = useState(false);
  // Only an admin who may change users starts a sync (the server checks it again).
  const maySync = hasPermission(me, PERMISSIONS.usersManage);
  const data = status.data;
  const running = !!data?.running;

  const onSync = (mode: 'full' | 'incremental') => {
    setStarted(false);
    sync.mutate(mode, { onSuccess: () => setStarted(true) });
  };

  return (
    <Page title={t('directorySync.title')} subtitle={data?.configured ? t('directorySync.subtitle') : undefined}>
      {status.isPending ? <Spinner label={t('app.loading')} /> : null}
      {status.isError ? <ErrorBar error={status.error} onRetry={() => void status.refetch()} /> : null}
      {data && !data.configured ? <NotConfigured /> : null}
      {data?.configured ? (
        <>
          <div className={styles.bar}>
            {maySync ? <SyncNowMenu running={running} pending={sync.isPending} onSync={onSync} /> : null}
            <Button appearance="subtle" icon={<ArrowClockwiseRegular />} onClick={() => void status.refetch()}>
              {t('directorySync.refresh')}
            </Button>
            {running ? <Spinner size="tiny" label={t('directorySync.running')} data-testid="directory-running" /> : null}
          </div>
          {sync.error ? <ErrorBar error={sync.error} /> : null}
          {started && !sync.error ? (
            <MessageBar intent="info">
              <MessageBarBody>{t('directorySync.syncStarted')}</MessageBarBody>
            </MessageBar>
          ) : null}
          <div className={styles.cards}>
            <Connection status={data} />
            <Section title={t('directorySync.lastSync')} testId="directory-last-sync">
              {data.lastSync ? (
                <RunDetails run={data.lastSync} label={t('directorySync.lastSync')} />
              ) : (
                <Text className={styles.muted}>{t('directorySync.noSync')}</Text>
              )}
              <Text weight="semibold">{t('directorySync.lastSuccessfulSync')}</Text>
              <Text data-testid="directory-last-success">{format(data.lastSuccessfulSync?.finishedDateTime) ?? t('directorySync.noSuccessfulSync')}</Text>
            </Section>
          </div>
          {data.lastSync ? (
            <>
              <Section title={t('directorySync.counts.title')}>
                <RunCounts counts={data.lastSync.counts} />
              </Section>
              <Section title={t('directorySync.errors.title')}>
                <RunErrors run={data.lastSync} />
              </Section>
            </>
          ) : null}
        </>
      ) : null}
    </Page>
  );
}
