import { Button, Subtitle2, Text } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppJson } from '../../../shared/apps.js';
import type { RoleId } from '../../../shared/roles.js';
import { ErrorBar } from '../../shared/ErrorBar';
import { useRoleName } from '../../shared/RoleList';
import { RoleDropdown } from './fields';
import { useAppActions } from './hooks';
import { useTabStyles } from './parts';

/**
 * Roles: the directory role the app holds. The role matrix applies to the app as to a user (an app
 * with only User.ReadWrite.All can't reset an administrator); only a Global Administrator or a
 * Privileged Role Administrator may give one, which the server checks.
 */
export function RoleTab({ app }: { app: AppJson }) {
  const { t } = useTranslation();
  const styles = useTabStyles();
  const roleName = useRoleName();
  const { update } = useAppActions(app.id);
  const [role, setRole] = useState<RoleId | null>(app.directoryRole);
  return (
    <div className={styles.section}>
      <Subtitle2 as="h2">{t('apps.role.title')}</Subtitle2>
      <Text>{t('apps.role.intro')}</Text>
      <Text weight="semibold" data-testid="app-role">
        {app.directoryRole ? t('apps.role.current', { role: roleName(app.directoryRole) }) : t('apps.role.none')}
      </Text>
      <div className={styles.stack}>
        <RoleDropdown label={t('apps.role.label')} hint={t('apps.role.hint')} value={role} onChange={setRole} />
        <div className={styles.actions}>
          <Button appearance="primary" disabled={role === app.directoryRole || update.isPending} onClick={() => update.mutate({ directoryRole: role })}>
            {t('apps.save')}
          </Button>
        </div>
      </div>
      {update.error ? <ErrorBar error={update.error} /> : null}
    </div>
  );
}
