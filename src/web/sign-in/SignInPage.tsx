import { Button, Field, Input, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Text, Title2, makeStyles, tokens } from '@fluentui/react-components';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { ApiError, apiFetch, setCsrfToken } from '../shared/api';
import { CenteredCard } from '../shared/CenteredCard';
import { ErrorBar } from '../shared/ErrorBar';
import { PasswordInput } from '../shared/password/PasswordInput';
import { RouterLink } from '../shared/links';
import { adoptProfileLanguage, fetchMe, meKey, safeReturnTo, useMe } from '../shared/session';
import type { SignInNotice } from '../shared/session';
import type { SignInResult } from '../../shared/users.js';
import { assertPasskey, finishSignIn } from './mfaApi';
import { ServerRedirect, continueAfterSignIn, isServerPath, signInReturnTo } from './serverReturn';
import type { PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  header: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  subtitle: { color: tokens.colorNeutralForeground2 },
  actions: { display: 'flex', justifyContent: 'flex-end' },
});

export function SignInPage() {
  const { t } = useTranslation();
  const styles = useStyles();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params] = useSearchParams();
  const { data: me } = useMe();
  const location = useLocation();
  // Set by the change-password form: every session was revoked, sign in with the new password.
  const notice = (location.state as SignInNotice | null)?.notice === 'passwordChanged' ? (location.state as SignInNotice) : null;
  const [username, setUsername] = useState(notice?.username ?? '');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<{ username?: boolean; password?: boolean }>({});
  const usernameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const returnTo = signInReturnTo(safeReturnTo(params.get('returnTo')));

  const signIn = useMutation({
    mutationFn: () => apiFetch<SignInResult>('/auth/sign-in', { method: 'POST', body: { username: username.trim(), password }, redirectOn401: false }),
    onSuccess: async (result) => {
      setCsrfToken(result.csrfToken);
      // Signed in: the profile's language from now on (the MFA step still belongs to sign-in).
      if (!result.mfaRequired) await adoptProfileLanguage(result.user.preferredLanguage);
      setPassword('');
      queryClient.setQueryData(meKey, await fetchMe());
      // MFA next (issue 17): the session may only finish it.
      if (result.mfaRequired) return void navigate(`/sign-in/mfa${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ''}`, { replace: true });
      continueAfterSignIn(navigate, returnTo, result.passwordChangeRequired);
    },
    onError: () => {
      setPassword('');
      passwordRef.current?.focus();
    },
  });

  // Passwordless sign-in with a passkey, where the organisation allows it (issue 17).
  const passwordless = useQuery({
    queryKey: ['auth', 'passkey'],
    queryFn: () => apiFetch<{ passwordless: boolean }>('/auth/passkey', { redirectOn401: false }),
    staleTime: 60_000,
  });
  const passkey = useMutation({
    mutationFn: async () => {
      const { ceremonyId, options } = await apiFetch<{ ceremonyId: string; options: PublicKeyCredentialRequestOptionsJSON }>('/auth/passkey/options', {
        method: 'POST',
        redirectOn401: false,
      });
      const response = await assertPasskey(options);
      return apiFetch<SignInResult>('/auth/passkey', { method: 'POST', body: { ceremonyId, response }, redirectOn401: false });
    },
    onSuccess: (result) => finishSignIn(result, queryClient, navigate, returnTo),
  });

  if (me && !signIn.isPending && !passkey.isPending) {
    // Already signed in with a full session and sent here by an app's sign-in (issue 15): straight back to the server.
    if (!me.mfaRequired && !me.passwordChangeRequired && returnTo && isServerPath(returnTo)) return <ServerRedirect to={returnTo} />;
    return <Navigate to={me.mfaRequired ? '/sign-in/mfa' : me.passwordChangeRequired ? '/change-password' : (returnTo ?? '/account')} replace />;
  }

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const next = { username: !username.trim(), password: !password };
    setMissing(next);
    if (next.username) return usernameRef.current?.focus();
    if (next.password) return passwordRef.current?.focus();
    signIn.mutate();
  };

  const invalid = signIn.error instanceof ApiError && signIn.error.code === 'auth.invalid_credentials';
  // The reset portal, with the name in the box (the portal reads ?username=).
  const recoverTo = username.trim() ? `/recover?username=${encodeURIComponent(username.trim())}` : '/recover';

  return (
    <CenteredCard title={t('signIn.title')}>
      <form className={styles.form} onSubmit={onSubmit} noValidate aria-labelledby="sign-in-heading">
        <div className={styles.header}>
          <Title2 as="h1" id="sign-in-heading">
            {t('signIn.title')}
          </Title2>
          <Text as="p" className={styles.subtitle}>
            {t('signIn.subtitle')}
          </Text>
        </div>
        {notice && !signIn.error ? (
          <MessageBar intent="success" layout="multiline" role="status">
            <MessageBarBody>{t('signIn.passwordChanged')}</MessageBarBody>
          </MessageBar>
        ) : null}
        {invalid ? (
          // As Microsoft's: "reset it now" is a link to the reset portal. The server answers the same
          // code for an unknown user, so this says (and links) the same whoever was typed.
          <MessageBar intent="error" layout="multiline" role="alert" data-testid="sign-in-invalid">
            <MessageBarBody>
              <MessageBarTitle>
                <Trans
                  i18nKey="signIn.invalidCredentials"
                  components={{
                    reset: (
                      <RouterLink to={recoverTo} inline>
                        {null}
                      </RouterLink>
                    ),
                  }}
                />
              </MessageBarTitle>
            </MessageBarBody>
          </MessageBar>
        ) : signIn.error ? (
          <ErrorBar error={signIn.error} />
        ) : null}
        {passkey.error ? <ErrorBar error={passkey.error} /> : null}
        <Field label={t('signIn.username')} required validationMessage={missing.username ? t('signIn.usernameRequired') : undefined}>
          <Input
            ref={usernameRef}
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            autoFocus={!notice?.username}
            value={username}
            placeholder={t('signIn.usernamePlaceholder')}
            onChange={(_, d) => setUsername(d.value)}
            aria-invalid={invalid || missing.username || undefined}
          />
        </Field>
        <Field label={t('signIn.password')} required validationMessage={missing.password ? t('signIn.passwordRequired') : undefined}>
          <PasswordInput
            ref={passwordRef}
            name="password"
            autoComplete="current-password"
            autoFocus={!!notice?.username}
            value={password}
            onValueChange={setPassword}
            aria-invalid={invalid || missing.password || undefined}
          />
        </Field>
        <RouterLink to={recoverTo}>{t('signIn.cantAccess')}</RouterLink>
        <div className={styles.actions}>
          <Button type="submit" appearance="primary" disabled={signIn.isPending} icon={signIn.isPending ? <Spinner size="tiny" /> : undefined}>
            {signIn.isPending ? t('signIn.submitting') : t('signIn.submit')}
          </Button>
        </div>
        {passwordless.data?.passwordless ? (
          <Button appearance="secondary" disabled={passkey.isPending} onClick={() => passkey.mutate()}>
            {t('mfa.passkeySignIn')}
          </Button>
        ) : null}
      </form>
    </CenteredCard>
  );
}
