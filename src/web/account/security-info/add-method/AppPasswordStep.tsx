import { DialogBody, DialogContent, DialogTitle, Text } from '@fluentui/react-components';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuthenticatorVerification } from '../../../../shared/security-info.js';
import { apiFetch } from '../../../shared/api';
import { ErrorBar } from '../../../shared/ErrorBar';
import { useDialogStyles } from '../dialogStyles';
import { methodLabel } from '../labels';
import { CurrentPasswordField, StepButtons, startFieldErrors } from './parts';
import type { PasswordProps } from './parts';

/** Authenticator app, first: the current password again, then the server makes a secret and its QR code. */
export function AppPasswordStep({
  password,
  onPasswordChange,
  onBack,
  onCancel,
  onStarted,
}: PasswordProps & { onStarted: (v: AuthenticatorVerification) => void }) {
  const { t } = useTranslation();
  const styles = useDialogStyles();
  const [error, setError] = useState<string | undefined>();
  const passwordRef = useRef<HTMLInputElement>(null);
  const start = useMutation({
    mutationFn: () =>
      apiFetch<AuthenticatorVerification>('/me/methods/authenticator-app', {
        method: 'POST',
        body: { currentPassword: password },
        keepSessionOn401: ['auth.invalid_credentials'],
      }),
    onSuccess: onStarted,
    onError: (err) => {
      const fields = startFieldErrors(err, t);
      setError(fields?.password);
      if (fields?.password) {
        onPasswordChange('');
        passwordRef.current?.focus();
      }
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!password) {
      setError(t('securityInfo.passwordRequired'));
      return passwordRef.current?.focus();
    }
    setError(undefined);
    start.mutate();
  };
  return (
    <form onSubmit={onSubmit} noValidate>
      <DialogBody>
        <DialogTitle>{methodLabel(t, 'authenticatorApp')}</DialogTitle>
        <DialogContent className={styles.content}>
          <Text as="p">{t('securityInfo.intro.authenticatorApp')}</Text>
          {start.error && !error ? <ErrorBar error={start.error} /> : null}
          <CurrentPasswordField ref={passwordRef} value={password} onChange={onPasswordChange} error={error} autoFocus />
        </DialogContent>
        <StepButtons label={t('securityInfo.next')} pending={start.isPending} onBack={onBack} onCancel={onCancel} />
      </DialogBody>
    </form>
  );
}
