import { Badge, Button, Spinner, Table, TableBody, TableCell, TableRow, Text, Toolbar } from '@fluentui/react-components';
import { AddRegular, ArrowClockwiseRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppJson } from '../../../shared/apps.js';
import { ErrorBar } from '../../shared/ErrorBar';
import { useDateFormatter } from '../../shared/format';
import { RouterLink } from '../../shared/links';
import { Page } from '../../shared/Page';
import { TableHeaderRow } from '../../shared/TableHeaderRow';
import { useReportStyles } from '../reports/parts';
import { credentialState, useApps } from './hooks';
import { NewAppPanel } from './NewAppPanel';
import { ConsentBadge, useTabStyles } from './parts';
import { AppsStrings } from './strings';

const CREDENTIAL_COLOURS = { expired: 'danger', expiringSoon: 'warning', current: 'success', none: 'informative' } as const;

function AppRow({ app }: { app: AppJson }) {
  const { t } = useTranslation();
  const styles = useReportStyles();
  const format = useDateFormatter();
  const state = credentialState(app);
  return (
    <TableRow data-testid="app-row">
      <TableCell>
        <RouterLink to={`/admin/apps/${app.id}`}>{app.displayName}</RouterLink>
      </TableCell>
      <TableCell>
        <span className={`${styles.code} ${styles.nowrap}`}>{app.clientId}</span>
      </TableCell>
      <TableCell className={styles.nowrap}>{format(app.createdDateTime)}</TableCell>
      <TableCell>
        <ConsentBadge app={app} />
      </TableCell>
      <TableCell>
        <Badge appearance="tint" color={CREDENTIAL_COLOURS[state]} shape="rounded" data-testid="credential-state">
          {t(`apps.credentials.${state}`)}
        </Badge>
      </TableCell>
    </TableRow>
  );
}

function AppsList() {
  const { t } = useTranslation();
  const styles = useReportStyles();
  const tab = useTabStyles();
  const apps = useApps();
  const [adding, setAdding] = useState(false);
  const list = apps.data?.value ?? [];
  return (
    <Page title={t('apps.title')} subtitle={t('apps.subtitle')}>
      <div className={styles.surface}>
        <div className={styles.commandBar}>
          <Toolbar aria-label={t('apps.commands')} className={styles.toolbar}>
            <Button appearance="primary" icon={<AddRegular />} onClick={() => setAdding(true)}>
              {t('apps.new.button')}
            </Button>
            <Button appearance="subtle" icon={<ArrowClockwiseRegular />} onClick={() => void apps.refetch()}>
              {t('apps.refresh')}
            </Button>
          </Toolbar>
        </div>
        {apps.isPending ? <Spinner label={t('app.loading')} /> : null}
        {apps.isError ? <ErrorBar error={apps.error} onRetry={() => void apps.refetch()} /> : null}
        {apps.isSuccess && !list.length ? <Text className={styles.empty}>{t('apps.empty')}</Text> : null}
        {list.length ? (
          <div className={styles.scroll}>
            <Table aria-label={t('apps.title')} size="small" className={tab.table}>
              <TableHeaderRow
                columns={[t('apps.displayName'), t('apps.clientId'), t('apps.createdOn'), t('apps.consent.column'), t('apps.credentials.column')]}
              />
              <TableBody>
                {list.map((app) => (
                  <AppRow key={app.id} app={app} />
                ))}
              </TableBody>
            </Table>
          </div>
        ) : null}
        {apps.isSuccess ? (
          <Text className={styles.muted} role="status">
            {t('apps.count', { count: list.length })}
          </Text>
        ) : null}
      </div>
      <NewAppPanel open={adding} onClose={() => setAdding(false)} />
    </Page>
  );
}

/** Applications > App registrations (issue 15), as the Microsoft Entra admin centre's. */
export function AppsPage() {
  return (
    <AppsStrings>
      <AppsList />
    </AppsStrings>
  );
}
