import { Button, Field, Input, MessageBar, MessageBarBody, Spinner, Text, Title2 } from '@fluentui/react-components';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { AppQrCode } from '../account/security-info/add-method/AppQrCode';
import { apiFetch } from '../shared/api';
import { CenteredCard } from '../shared/CenteredCard';
import { ErrorBar } from '../shared/ErrorBar';
import type { AuthenticatorVerification } from '../../shared/security-info.js';
import type { MfaDone } from '../../shared/users.js';
import { useMfaStyles } from './mfaStyles';

/**
 * "More information required" (Entra's combined registration at sign-in): the policy requires
 * MFA and the user has no second factor, so they set up an authenticator app now; its first code
 * finishes sign-in. The app is the same one Security info lists.
 */
export function MfaRegister(props: { remember: boolean; rememberBox: ReactNode; cancel: ReactNode; onDone: (result: MfaDone) => Promise<void> }) {
  const { t } = useTranslation();
  const styles = useMfaStyles();
  const [code, setCode] = useState('');
  const [missing, setMissing] = useState(false);
  const start = useMutation({ mutationFn: () => apiFetch<AuthenticatorVerification>('/auth/mfa/authenticator', { method: 'POST' }) });
  const verify = useMutation({
    mutationFn: () =>
      apiFetch<MfaDone>('/auth/mfa/authenticator/verify', {
        method: 'POST',
        body: { verificationId: start.data!.verificationId, code: code.trim(), rememberDevice: props.remember },
      }),
    onSuccess: props.onDone,
    onError: () => setCode(''),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!start.data) return start.mutate();
    setMissing(!code.trim());
    if (code.trim()) verify.mutate();
  };
  const error = start.error ?? verify.error;

  return (
    <CenteredCard title={t('mfa.registerTitle')}>
      <form className={styles.form} onSubmit={onSubmit} noValidate aria-labelledby="mfa-register-heading">
        <div className={styles.header}>
          <Title2 as="h1" id="mfa-register-heading">
            {t('mfa.registerTitle')}
          </Title2>
          <Text as="p" className={styles.subtitle}>
            {t('mfa.registerSubtitle')}
          </Text>
        </div>
        {error ? <ErrorBar error={error} /> : null}
        {start.data ? (
          <>
            <AppQrCode verification={start.data} />
            <Field label={t('mfa.codeLabel')} required validationMessage={missing ? t('mfa.codeRequired') : undefined}>
              <Input
                name="code"
                autoComplete="one-time-code"
                inputMode="numeric"
                autoFocus
                value={code}
                onChange={(_, d) => setCode(d.value)}
                aria-invalid={missing || undefined}
              />
            </Field>
            {props.rememberBox}
          </>
        ) : (
          <MessageBar intent="info" layout="multiline">
            <MessageBarBody>{t('mfa.registerIntro')}</MessageBarBody>
          </MessageBar>
        )}
        <div className={styles.actions}>
          {props.cancel}
          <Button
            type="submit"
            appearance="primary"
            disabled={start.isPending || verify.isPending}
            icon={start.isPending || verify.isPending ? <Spinner size="tiny" /> : undefined}
          >
            {start.data ? t('mfa.verify') : t('mfa.registerStart')}
          </Button>
        </div>
      </form>
    </CenteredCard>
  );
}
