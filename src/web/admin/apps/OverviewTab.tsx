import { useTranslation } from 'react-i18next';
import { useDateFormatter } from '../../shared/format';
import { useRoleName } from '../../shared/RoleList';
import { DetailsList } from '../reports/parts';
import { ConsentBadge } from './parts';
import { CopyValue } from './CopyField';
import { useTenantId, type AppDetails } from './hooks';

/** The endpoints in Microsoft's layout under this server's origin (docs/graph.md). */
export function endpoints(origin: string, tenantId: string) {
  return {
    token: `${origin}/${tenantId}/oauth2/v2.0/token`,
    authorize: `${origin}/${tenantId}/oauth2/v2.0/authorize`,
    discovery: `${origin}/${tenantId}/v2.0/.well-known/openid-configuration`,
  };
}

/** Overview: the ids and endpoints a script needs, each copyable, as Entra's Essentials. */
export function OverviewTab({ app }: { app: AppDetails }) {
  const { t } = useTranslation();
  const format = useDateFormatter();
  const roleName = useRoleName();
  const tenantId = useTenantId(app);
  const urls = tenantId ? endpoints(window.location.origin, tenantId) : null;
  const copy = (label: string, value: string | null | undefined, testId?: string) => ({
    label,
    value: value ? <CopyValue value={value} label={label} testId={testId} /> : null,
  });
  return (
    <DetailsList
      label={t('apps.tabs.overview')}
      rows={[
        { label: t('apps.displayName'), value: app.displayName },
        copy(t('apps.clientId'), app.clientId, 'overview-client-id'),
        copy(t('apps.objectId'), app.id),
        copy(t('apps.tenantId'), tenantId, 'overview-tenant-id'),
        copy(t('apps.tokenEndpoint'), urls?.token, 'overview-token-endpoint'),
        copy(t('apps.authorizeEndpoint'), urls?.authorize),
        copy(t('apps.discovery'), urls?.discovery, 'overview-discovery'),
        { label: t('apps.consent.column'), value: <ConsentBadge app={app} /> },
        { label: t('apps.role.label'), value: app.directoryRole ? roleName(app.directoryRole) : t('apps.noRole') },
        { label: t('apps.publicClientShort'), value: app.publicClient ? t('apps.yes') : t('apps.no') },
        { label: t('apps.createdOn'), value: format(app.createdDateTime) },
      ]}
    />
  );
}
