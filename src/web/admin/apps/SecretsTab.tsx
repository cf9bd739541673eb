import { Button, Dropdown, Field, Input, Option, Subtitle2, Table, TableBody, TableCell, TableRow, Text } from '@fluentui/react-components';
import { AddRegular, DeleteRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppCreatedJson, AppJson, AppSecretJson } from '../../../shared/apps.js';
import { ErrorBar } from '../../shared/ErrorBar';
import { useDateFormatter } from '../../shared/format';
import { TableHeaderRow } from '../../shared/TableHeaderRow';
import { useReportStyles } from '../reports/parts';
import { CertificatesSection } from './CertificatesSection';
import { ConfirmDialog } from './ConfirmDialog';
import { CreatedCredentials } from './CreatedCredentials';
import { useAppActions } from './hooks';
import { ExpiryBadge, useTabStyles } from './parts';

/** Entra's choices (its maximum is 24 months); 180 days is its recommendation. */
const EXPIRY_DAYS = [90, 180, 365, 730] as const;

function AddSecretForm({ appId, onAdded, onCancel }: { appId: string; onAdded: (created: AppCreatedJson) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const styles = useTabStyles();
  const { addSecret } = useAppActions(appId);
  const [description, setDescription] = useState('');
  const [days, setDays] = useState<number>(180);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    addSecret.mutate({ displayName: description.trim() || t('apps.secrets.defaultName'), expiresInDays: days }, { onSuccess: onAdded });
  };
  return (
    <form className={styles.form} onSubmit={onSubmit} aria-label={t('apps.secrets.add')} noValidate>
      <Field label={t('apps.secrets.description')} className={styles.wide}>
        <Input value={description} maxLength={120} onChange={(_, d) => setDescription(d.value)} autoFocus />
      </Field>
      <Field label={t('apps.secrets.expires')}>
        <Dropdown value={t(`apps.secrets.days.d${days}`)} selectedOptions={[String(days)]} onOptionSelect={(_, d) => setDays(Number(d.optionValue))}>
          {EXPIRY_DAYS.map((d) => (
            <Option key={d} value={String(d)}>
              {t(`apps.secrets.days.d${d}`)}
            </Option>
          ))}
        </Dropdown>
      </Field>
      <div className={styles.actions}>
        <Button appearance="primary" type="submit" disabled={addSecret.isPending}>
          {t('apps.add')}
        </Button>
        <Button onClick={onCancel}>{t('apps.cancel')}</Button>
      </div>
      {addSecret.error ? <ErrorBar error={addSecret.error} /> : null}
    </form>
  );
}

/** Certificates & secrets: client secrets (value shown once when added), then certificates. */
export function SecretsTab({ app }: { app: AppJson }) {
  const { t } = useTranslation();
  const styles = { ...useReportStyles(), ...useTabStyles() };
  const format = useDateFormatter();
  const { removeSecret } = useAppActions(app.id);
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useState<AppCreatedJson | null>(null);
  const [deleting, setDeleting] = useState<AppSecretJson | null>(null);
  // A secret made with the app has no description of its own: it is named as Entra's default.
  const secretName = (secret: AppSecretJson) => secret.displayName || t('apps.secrets.defaultName');

  return (
    <div className={styles.section}>
      <Subtitle2 as="h2">{t('apps.secrets.title')}</Subtitle2>
      <Text className={styles.muted}>{t('apps.secrets.intro')}</Text>
      {added ? <CreatedCredentials created={added} secretOnly /> : null}
      {adding ? (
        <AddSecretForm
          appId={app.id}
          onAdded={(created) => {
            setAdded(created);
            setAdding(false);
          }}
          onCancel={() => setAdding(false)}
        />
      ) : (
        <div>
          <Button icon={<AddRegular />} onClick={() => setAdding(true)}>
            {t('apps.secrets.add')}
          </Button>
        </div>
      )}
      {app.secrets.length ? (
        <div className={styles.scroll}>
          <Table aria-label={t('apps.secrets.title')} size="small" data-testid="secrets-table" className={styles.table}>
            <TableHeaderRow
              columns={[t('apps.secrets.description'), t('apps.secrets.hint'), t('apps.secrets.expires'), t('apps.secrets.status'), t('apps.secretId')]}
              actions={t('apps.delete')}
              actionsClassName={styles.deleteCell}
            />
            <TableBody>
              {app.secrets.map((secret) => (
                <TableRow key={secret.id} data-testid="secret-row">
                  <TableCell>{secretName(secret)}</TableCell>
                  <TableCell>
                    <span className={styles.code}>{`${secret.hint}${'*'.repeat(8)}`}</span>
                  </TableCell>
                  <TableCell className={styles.nowrap}>{format(secret.endDateTime)}</TableCell>
                  <TableCell>
                    <ExpiryBadge credential={secret} />
                  </TableCell>
                  <TableCell>
                    <span className={styles.code}>{secret.id}</span>
                  </TableCell>
                  <TableCell className={styles.deleteCell}>
                    <Button
                      appearance="subtle"
                      icon={<DeleteRegular />}
                      aria-label={t('apps.secrets.deleteNamed', { name: secretName(secret) })}
                      onClick={() => setDeleting(secret)}
                    />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      ) : (
        <Text className={styles.muted}>{t('apps.secrets.none')}</Text>
      )}
      <ConfirmDialog
        open={!!deleting}
        title={t('apps.secrets.deleteTitle')}
        confirm={t('apps.delete')}
        pending={removeSecret.isPending}
        error={removeSecret.error}
        onCancel={() => {
          removeSecret.reset();
          setDeleting(null);
        }}
        onConfirm={() => deleting && removeSecret.mutate(deleting.id, { onSuccess: () => setDeleting(null) })}
      >
        <p>{t('apps.secrets.deleteBody', { name: deleting ? secretName(deleting) : '' })}</p>
      </ConfirmDialog>
      <CertificatesSection app={app} />
    </div>
  );
}
