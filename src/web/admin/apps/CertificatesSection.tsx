import { Button, Field, Input, Subtitle2, Table, TableBody, TableCell, TableRow, Text, Textarea } from '@fluentui/react-components';
import { ArrowUploadRegular, DeleteRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { ChangeEvent, FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppCertificateJson, AppJson } from '../../../shared/apps.js';
import { ErrorBar } from '../../shared/ErrorBar';
import { useDateFormatter } from '../../shared/format';
import { TableHeaderRow } from '../../shared/TableHeaderRow';
import { useReportStyles } from '../reports/parts';
import { ConfirmDialog } from './ConfirmDialog';
import { useAppActions } from './hooks';
import { ExpiryBadge, useTabStyles } from './parts';

/** A PEM certificate is public; anything with a private key is refused here and again by the server (apps.certificate_invalid). */
const PRIVATE_KEY = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;
/** Big enough for a certificate chain; a larger file is not a certificate. */
const MAX_FILE_BYTES = 64 * 1024;

function UploadForm({ appId, onDone }: { appId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const styles = useTabStyles();
  const { addCertificate } = useAppActions(appId);
  const [description, setDescription] = useState('');
  const [pem, setPem] = useState('');
  const [error, setError] = useState<string | undefined>();

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) return setError(t('apps.certificates.tooLarge'));
    setError(undefined);
    setPem(await file.text());
    if (!description.trim()) setDescription(file.name.replace(/\.(pem|crt|cer)$/i, ''));
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    // Said before anything is sent: a private key never leaves the browser (R6: secrets are not transmitted or stored needlessly).
    if (PRIVATE_KEY.test(pem)) return setError(t('apps.certificates.privateKey'));
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) return setError(t('apps.certificates.notPem'));
    setError(undefined);
    addCertificate.mutate({ displayName: description.trim() || t('apps.certificates.defaultName'), certificate: pem.trim() }, { onSuccess: onDone });
  };

  return (
    <form className={styles.form} onSubmit={onSubmit} aria-label={t('apps.certificates.upload')} noValidate>
      <Field label={t('apps.secrets.description')} className={styles.wide}>
        <Input value={description} maxLength={120} onChange={(_, d) => setDescription(d.value)} />
      </Field>
      <Field label={t('apps.certificates.file')}>
        {(props) => <input {...props} type="file" accept=".pem,.crt,.cer,application/x-pem-file" onChange={(e) => void onFile(e)} />}
      </Field>
      <Field label={t('apps.certificates.pem')} hint={t('apps.certificates.pemHint')} validationMessage={error} className={styles.wide}>
        <Textarea value={pem} onChange={(_, d) => setPem(d.value)} rows={6} resize="vertical" spellCheck={false} />
      </Field>
      <div className={styles.actions}>
        <Button appearance="primary" type="submit" disabled={addCertificate.isPending}>
          {t('apps.add')}
        </Button>
        <Button onClick={onDone}>{t('apps.cancel')}</Button>
      </div>
      {addCertificate.error ? <ErrorBar error={addCertificate.error} /> : null}
    </form>
  );
}

/** Certificates for private_key_jwt client assertions: upload a PEM, list thumbprints and expiry, delete. */
export function CertificatesSection({ app }: { app: AppJson }) {
  const { t } = useTranslation();
  const styles = { ...useReportStyles(), ...useTabStyles() };
  const format = useDateFormatter();
  const { removeCertificate } = useAppActions(app.id);
  const [uploading, setUploading] = useState(false);
  const [deleting, setDeleting] = useState<AppCertificateJson | null>(null);

  return (
    <>
      <Subtitle2 as="h2">{t('apps.certificates.title')}</Subtitle2>
      <Text className={styles.muted}>{t('apps.certificates.intro')}</Text>
      {uploading ? (
        <UploadForm appId={app.id} onDone={() => setUploading(false)} />
      ) : (
        <div>
          <Button icon={<ArrowUploadRegular />} onClick={() => setUploading(true)}>
            {t('apps.certificates.upload')}
          </Button>
        </div>
      )}
      {app.certificates.length ? (
        <div className={styles.scroll}>
          <Table aria-label={t('apps.certificates.title')} size="small" data-testid="certificates-table" className={styles.table}>
            <TableHeaderRow
              columns={[
                t('apps.certificates.thumbprint'),
                t('apps.secrets.description'),
                t('apps.certificates.starts'),
                t('apps.secrets.expires'),
                t('apps.secrets.status'),
              ]}
              actions={t('apps.delete')}
              actionsClassName={styles.deleteCell}
            />
            <TableBody>
              {app.certificates.map((cert) => (
                <TableRow key={cert.id} data-testid="certificate-row">
                  <TableCell>
                    <span className={styles.hex}>{cert.thumbprint}</span>
                  </TableCell>
                  <TableCell>{cert.displayName || t('apps.certificates.defaultName')}</TableCell>
                  <TableCell className={styles.nowrap}>{format(cert.createdDateTime)}</TableCell>
                  <TableCell className={styles.nowrap}>{format(cert.endDateTime)}</TableCell>
                  <TableCell>
                    <ExpiryBadge credential={cert} />
                  </TableCell>
                  <TableCell className={styles.deleteCell}>
                    <Button
                      appearance="subtle"
                      icon={<DeleteRegular />}
                      aria-label={t('apps.certificates.deleteNamed', { name: cert.displayName })}
                      onClick={() => setDeleting(cert)}
                    />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      ) : (
        <Text className={styles.muted}>{t('apps.certificates.none')}</Text>
      )}
      <ConfirmDialog
        open={!!deleting}
        title={t('apps.certificates.deleteTitle')}
        confirm={t('apps.delete')}
        pending={removeCertificate.isPending}
        error={removeCertificate.error}
        onCancel={() => {
          removeCertificate.reset();
          setDeleting(null);
        }}
        onConfirm={() => deleting && removeCertificate.mutate(deleting.id, { onSuccess: () => setDeleting(null) })}
      >
        <p>{t('apps.certificates.deleteBody', { name: deleting?.displayName ?? '', thumbprint: deleting?.thumbprint ?? '' })}</p>
      </ConfirmDialog>
    </>
  );
}
