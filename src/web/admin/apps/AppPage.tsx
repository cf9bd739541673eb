import { Button, Spinner, Tab, TabList, Toolbar, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowClockwiseRegular, DeleteRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import type { AppJson } from '../../../shared/apps.js';
import { ErrorBar } from '../../shared/ErrorBar';
import { RouterLink } from '../../shared/links';
import { Page } from '../../shared/Page';
import { SettingsBreadcrumb } from '../settings/SettingsBreadcrumb';
import { AuthenticationTab } from './AuthenticationTab';
import { ConfirmDialog } from './ConfirmDialog';
import { useApp, useAppActions } from './hooks';
import { OverviewTab } from './OverviewTab';
import { PermissionsTab } from './PermissionsTab';
import { RoleTab } from './RoleTab';
import { SecretsTab } from './SecretsTab';
import { AppsStrings } from './strings';

const TABS = ['overview', 'credentials', 'permissions', 'roles', 'authentication'] as const;
type TabName = (typeof TABS)[number];

const useStyles = makeStyles({
  // On a phone the five tabs scroll inside their row rather than the page sideways.
  tabs: { borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`, overflowX: 'auto', flexShrink: 0 },
  panel: { paddingTop: tokens.spacingVerticalS },
  toolbar: { paddingInline: 0 },
});

function TabPanel({ tab, app }: { tab: TabName; app: AppJson }) {
  switch (tab) {
    case 'credentials':
      return <SecretsTab app={app} />;
    case 'permissions':
      return <PermissionsTab app={app} />;
    case 'roles':
      return <RoleTab app={app} />;
    case 'authentication':
      return <AuthenticationTab app={app} />;
    case 'overview':
      return <OverviewTab app={app} />;
  }
}

/** Delete the app, with a confirmation naming it; then back to the list. */
function DeleteApp({ app }: { app: AppJson }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { remove } = useAppActions(app.id);
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button appearance="subtle" icon={<DeleteRegular />} onClick={() => setOpen(true)}>
        {t('apps.deleteApp.button')}
      </Button>
      <ConfirmDialog
        open={open}
        title={t('apps.deleteApp.title', { name: app.displayName })}
        confirm={t('apps.delete')}
        pending={remove.isPending}
        error={remove.error}
        onCancel={() => {
          remove.reset();
          setOpen(false);
        }}
        onConfirm={() => remove.mutate(undefined, { onSuccess: () => void navigate('/admin/apps', { replace: true }) })}
      >
        <p>{t('apps.deleteApp.body', { name: app.displayName, clientId: app.clientId })}</p>
      </ConfirmDialog>
    </>
  );
}

function AppDetails({ id }: { id: string }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const app = useApp(id);
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab');
  const tab: TabName = TABS.find((name) => name === asked) ?? 'overview';
  const data = app.data;
  const title = data?.displayName ?? t('apps.title');
  return (
    <Page title={title} breadcrumb={<SettingsBreadcrumb items={[{ label: t('apps.title'), to: '/admin/apps' }, { label: title }]} />}>
      {app.isPending ? <Spinner label={t('app.loading')} /> : null}
      {app.isError ? (
        <>
          <ErrorBar error={app.error} onRetry={() => void app.refetch()} />
          <RouterLink to="/admin/apps">{t('apps.backToList')}</RouterLink>
        </>
      ) : null}
      {data ? (
        <>
          <Toolbar aria-label={t('apps.appCommands')} className={styles.toolbar}>
            <Button appearance="subtle" icon={<ArrowClockwiseRegular />} onClick={() => void app.refetch()}>
              {t('apps.refresh')}
            </Button>
            <DeleteApp app={data} />
          </Toolbar>
          <TabList
            className={styles.tabs}
            selectedValue={tab}
            onTabSelect={(_, d) => setParams(d.value === 'overview' ? {} : { tab: String(d.value) }, { replace: true })}
            aria-label={t('apps.sections')}
          >
            {TABS.map((name) => (
              <Tab key={name} value={name} id={`app-tab-${name}`} aria-controls="app-tab-panel">
                {t(`apps.tabs.${name}`)}
              </Tab>
            ))}
          </TabList>
          <div role="tabpanel" id="app-tab-panel" aria-labelledby={`app-tab-${tab}`} className={styles.panel}>
            <TabPanel key={`${tab}-${data.id}`} tab={tab} app={data} />
          </div>
        </>
      ) : null}
    </Page>
  );
}

/** Applications > App registrations > an app (`/admin/apps/:id`), its sections as Entra's. */
export function AppPage() {
  const { id = '' } = useParams();
  return (
    <AppsStrings>
      <AppDetails key={id} id={id} />
    </AppsStrings>
  );
}
