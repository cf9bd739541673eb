import { DialogBody, DialogContent, DialogTitle, Text } from '@fluentui/react-components';
import { useMutation } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuthenticatorVerification } from '../../../../shared/security-info.js';
import { apiFetch } from '../../../shared/api';
import { ErrorBar } from '../../../shared/ErrorBar';
import { useDialogStyles } from '../dialogStyles';
import { methodLabel } from '../labels';
import { StepButtons } from './parts';
import type { StepProps } from './parts';

/** Authenticator app, first: the server makes a secret and its QR code (after a step-up when the sign-in is not fresh). */
export function AppPasswordStep({ onBack, onCancel, onStarted }: StepProps & { onStarted: (v: AuthenticatorVerification) => void }) {
  const { t } = useTranslation();
  const styles = useDialogStyles();
  const start = useMutation({
    mutationFn: () => apiFetch<AuthenticatorVerification>('/me/methods/authenticator-app', { method: 'POST', body: {} }),
    onSuccess: onStarted,
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    start.mutate();
  };
  return (
    <form onSubmit={onSubmit} noValidate>
      <DialogBody>
        <DialogTitle>{methodLabel(t, 'authenticatorApp')}</DialogTitle>
        <DialogContent className={styles.content}>
          <Text as="p">{t('securityInfo.intro.authenticatorApp')}</Text>
          {start.error ? <ErrorBar error={start.error} /> : null}
        </DialogContent>
        <StepButtons label={t('securityInfo.next')} pending={start.isPending} onBack={onBack} onCancel={onCancel} />
      </DialogBody>
    </form>
  );
}
