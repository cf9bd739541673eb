import { Button, Checkbox, Field, Input, Link, Spinner, Text, Title2 } from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { apiFetch } from '../shared/api';
import { CenteredCard } from '../shared/CenteredCard';
import { ErrorBar } from '../shared/ErrorBar';
import { FullPageSpinner } from '../shared/guards';
import { safeReturnTo, useMe, useSignOut } from '../shared/session';
import { ServerRedirect, isServerPath, signInReturnTo } from './serverReturn';
import type { MfaDone, MfaStep } from '../../shared/users.js';
import { MfaRegister } from './MfaRegister';
import { finishSignIn, passkeySecondFactor } from './mfaApi';
import { useMfaStyles } from './mfaStyles';

/**
 * The MFA step of sign-in (issue 17): the authenticator app's code or a passkey; or, when MFA is
 * required and the user has no second factor, registering an authenticator app first ("More
 * information required"). Optionally "Don't ask again for N days" on this browser.
 */
export function MfaPage() {
  const { t } = useTranslation();
  const styles = useMfaStyles();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const returnTo = signInReturnTo(safeReturnTo(params.get('returnTo')));
  const { data: me } = useMe();
  const signOut = useSignOut();
  const [code, setCode] = useState('');
  const [remember, setRemember] = useState(false);
  const [missing, setMissing] = useState(false);
  const step = useQuery({ queryKey: ['auth', 'mfa'], queryFn: () => apiFetch<MfaStep>('/auth/mfa'), enabled: !!me?.mfaRequired, staleTime: Infinity });

  const done = (result: MfaDone) => finishSignIn(result, queryClient, navigate, returnTo);
  const app = useMutation({
    mutationFn: () => apiFetch<MfaDone>('/auth/mfa', { method: 'POST', body: { method: 'authenticatorApp', code: code.trim(), rememberDevice: remember } }),
    onSuccess: done,
    onError: () => setCode(''),
  });
  const passkey = useMutation({ mutationFn: () => passkeySecondFactor(remember), onSuccess: done });

  if (!me) return <Navigate to="/sign-in" replace />;
  if (!me.mfaRequired && !me.passwordChangeRequired && returnTo && isServerPath(returnTo)) return <ServerRedirect to={returnTo} />;
  if (!me.mfaRequired) return <Navigate to={me.passwordChangeRequired ? '/change-password' : (returnTo ?? '/account')} replace />;
  if (step.isPending) return <FullPageSpinner />;

  const days = step.data?.rememberDeviceDays ?? 0;
  const rememberBox =
    days > 0 ? <Checkbox checked={remember} onChange={(_, d) => setRemember(!!d.checked)} label={t('mfa.remember', { count: days })} /> : null;
  const cancel = (
    <Link as="button" type="button" onClick={() => signOut.mutate()}>
      {t('mfa.cancel')}
    </Link>
  );

  if (step.data?.registrationRequired) return <MfaRegister remember={remember} rememberBox={rememberBox} cancel={cancel} onDone={done} />;

  const methods = step.data?.methods ?? [];
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setMissing(!code.trim());
    if (code.trim()) app.mutate();
  };
  const error = app.error ?? passkey.error ?? step.error;

  return (
    <CenteredCard title={t('mfa.title')}>
      <form className={styles.form} onSubmit={onSubmit} noValidate aria-labelledby="mfa-heading">
        <div className={styles.header}>
          <Title2 as="h1" id="mfa-heading">
            {t('mfa.title')}
          </Title2>
          <Text as="p" className={styles.subtitle}>
            {t('mfa.subtitle', { account: me.user.userPrincipalName })}
          </Text>
        </div>
        {error ? <ErrorBar error={error} /> : null}
        {methods.includes('authenticatorApp') ? (
          <Field label={t('mfa.codeLabel')} hint={t('mfa.codeHint')} required validationMessage={missing ? t('mfa.codeRequired') : undefined}>
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
        ) : null}
        {rememberBox}
        <div className={styles.actions}>
          {cancel}
          <div>
            {methods.includes('passkey') ? (
              <Button appearance={methods.includes('authenticatorApp') ? 'secondary' : 'primary'} disabled={passkey.isPending} onClick={() => passkey.mutate()}>
                {t('mfa.usePasskey')}
              </Button>
            ) : null}{' '}
            {methods.includes('authenticatorApp') ? (
              <Button type="submit" appearance="primary" disabled={app.isPending} icon={app.isPending ? <Spinner size="tiny" /> : undefined}>
                {t('mfa.verify')}
              </Button>
            ) : null}
          </div>
        </div>
      </form>
    </CenteredCard>
  );
}
