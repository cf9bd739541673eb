import { Button, MessageBar, MessageBarBody, Subtitle2, Table, TableBody, TableCell, TableRow, Text } from '@fluentui/react-components';
import { CheckmarkCircleRegular, EditRegular, ShieldCheckmarkRegular, WarningRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppJson, GraphAppPermission } from '../../../shared/apps.js';
import { ErrorBar } from '../../shared/ErrorBar';
import { useDateFormatter } from '../../shared/format';
import { useMe } from '../../shared/session';
import { TableHeaderRow } from '../../shared/TableHeaderRow';
import { useReportStyles } from '../reports/parts';
import { ConfirmDialog } from './ConfirmDialog';
import { useAppActions } from './hooks';
import { useTabStyles } from './parts';
import { PermissionPicker, permissionKey } from './PermissionPicker';

/** Edit the set: Save sends it; the server clears consent when the set changes (docs/apps.md). */
function EditPermissions({ app, onDone }: { app: AppJson; onDone: () => void }) {
  const { t } = useTranslation();
  const styles = useTabStyles();
  const { update } = useAppActions(app.id);
  const [value, setValue] = useState<GraphAppPermission[]>(app.permissions);
  return (
    <div className={styles.stack}>
      <PermissionPicker legend={t('apps.permissions.edit')} value={value} onChange={setValue} />
      {app.consentedDateTime ? <Text size={200}>{t('apps.permissions.clearsConsent')}</Text> : null}
      <div className={styles.actions}>
        <Button appearance="primary" disabled={update.isPending} onClick={() => update.mutate({ permissions: value }, { onSuccess: onDone })}>
          {t('apps.save')}
        </Button>
        <Button onClick={onDone}>{t('apps.cancel')}</Button>
      </div>
      {update.error ? <ErrorBar error={update.error} /> : null}
    </div>
  );
}

/** API permissions, as Entra's: the configured permissions with their status, edit, and grant or revoke admin consent. */
export function PermissionsTab({ app }: { app: AppJson }) {
  const { t } = useTranslation();
  const styles = { ...useReportStyles(), ...useTabStyles() };
  const format = useDateFormatter();
  const org = useMe().data?.organization.displayName ?? '';
  const { grantConsent, revokeConsent } = useAppActions(app.id);
  const [editing, setEditing] = useState(false);
  const [confirm, setConfirm] = useState<'grant' | 'revoke' | null>(null);
  const action = confirm === 'revoke' ? revokeConsent : grantConsent;
  const granted = !!app.consentedDateTime;
  const close = () => {
    action.reset();
    setConfirm(null);
  };

  return (
    <div className={styles.section}>
      <Subtitle2 as="h2">{t('apps.permissions.title')}</Subtitle2>
      <Text className={styles.muted}>{t('apps.permissions.intro')}</Text>
      <div className={styles.actions}>
        <Button appearance="primary" icon={<ShieldCheckmarkRegular />} disabled={!app.permissions.length} onClick={() => setConfirm('grant')}>
          {t('apps.permissions.grant', { org })}
        </Button>
        {granted ? <Button onClick={() => setConfirm('revoke')}>{t('apps.permissions.revoke')}</Button> : null}
        {editing ? null : (
          <Button icon={<EditRegular />} onClick={() => setEditing(true)}>
            {t('apps.permissions.edit')}
          </Button>
        )}
      </div>
      {granted ? (
        <MessageBar intent="success">
          <MessageBarBody data-testid="consent-status">{t('apps.permissions.grantedBy', { date: format(app.consentedDateTime), org })}</MessageBarBody>
        </MessageBar>
      ) : (
        <MessageBar intent="warning">
          <MessageBarBody data-testid="consent-status">{t('apps.permissions.notGrantedBody')}</MessageBarBody>
        </MessageBar>
      )}
      {editing ? <EditPermissions app={app} onDone={() => setEditing(false)} /> : null}
      {app.permissions.length ? (
        <div className={styles.scroll}>
          <Table aria-label={t('apps.permissions.configured')} size="small" data-testid="permissions-table" className={styles.table}>
            <TableHeaderRow
              columns={[t('apps.permissions.name'), t('apps.permissions.type'), t('apps.permissions.description'), t('apps.permissions.status')]}
            />
            <TableBody>
              {app.permissions.map((permission) => (
                <TableRow key={permission}>
                  <TableCell>
                    <span className={styles.code}>{permission}</span>
                  </TableCell>
                  <TableCell>{t('apps.permissions.application')}</TableCell>
                  <TableCell>{t(permissionKey(permission))}</TableCell>
                  <TableCell className={styles.nowrap}>
                    {granted ? <CheckmarkCircleRegular aria-hidden /> : <WarningRegular aria-hidden />}{' '}
                    {granted ? t('apps.permissions.grantedFor', { org }) : t('apps.permissions.notGrantedFor', { org })}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      ) : (
        <Text className={styles.muted}>{t('apps.permissions.none')}</Text>
      )}
      <ConfirmDialog
        open={!!confirm}
        title={confirm === 'revoke' ? t('apps.permissions.revokeTitle') : t('apps.permissions.grantTitle', { org })}
        confirm={confirm === 'revoke' ? t('apps.permissions.revoke') : t('apps.yes')}
        pending={action.isPending}
        error={action.error}
        onCancel={close}
        onConfirm={() => action.mutate(undefined, { onSuccess: () => setConfirm(null) })}
      >
        <p>
          {confirm === 'revoke' ? t('apps.permissions.revokeBody', { name: app.displayName }) : t('apps.permissions.grantBody', { name: app.displayName, org })}
        </p>
      </ConfirmDialog>
    </div>
  );
}
