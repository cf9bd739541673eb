import { Button, Field, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Text, Title2, makeStyles, tokens } from '@fluentui/react-components';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import type { FormEvent, ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, apiFetch } from '../shared/api';
import { CenteredCard } from '../shared/CenteredCard';
import { ErrorBar } from '../shared/ErrorBar';
import { useDateFormatter } from '../shared/format';
import { RouterLink } from '../shared/links';
import type { SignInNotice } from '../shared/session';
import { PasswordFeedback } from '../shared/password/PasswordFeedback';
import { PasswordInput } from '../shared/password/PasswordInput';
import type { PasswordRules } from '../shared/types';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  muted: { color: tokens.colorNeutralForeground2 },
  issues: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

/** What `POST /password-links/inspect` answers. */
interface LinkInfo {
  userPrincipalName: string;
  expiresDateTime: string;
  /**
   * The composition rules of the policy for this user, shown as the checklist on this page:
   * without a session the policy check endpoint is not available, so the rules are ticked in the
   * browser only and the server's verdict (banned words, personal information, history) comes
   * after the submit.
   */
  rules: PasswordRules;
}

/** Takes the token out of `#token=…` once, and removes the fragment from the address bar and history. */
function takeToken(): string {
  const params = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  const token = params.get('token') ?? '';
  if (window.location.hash) window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
  return token;
}

/**
 * /set-password#token=…: the page an admin's "send a link" mail points to. Public (no sign-in);
 * the token is in the fragment so it never reaches a server log or a Referer header, and it is
 * removed from the address bar as soon as the page has read it.
 */
export function SetPasswordPage() {
  const { t } = useTranslation();
  const styles = useStyles();
  const format = useDateFormatter();
  const navigate = useNavigate();
  const [token] = useState(takeToken);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ password?: ReactElement | string; confirm?: string }>({});
  const [submittedCodes, setSubmittedCodes] = useState<string[]>([]);
  const passwordRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);

  const link = useQuery({
    queryKey: ['password-link', token],
    queryFn: () => apiFetch<LinkInfo>('/password-links/inspect', { method: 'POST', body: { token }, redirectOn401: false }),
    enabled: !!token,
    retry: false,
    staleTime: Infinity,
  });

  const redeem = useMutation({
    mutationFn: () => apiFetch<void>('/password-links/redeem', { method: 'POST', body: { token, newPassword: password }, redirectOn401: false }),
    onError: (err) => {
      if (err instanceof ApiError && err.status === 400 && err.code.startsWith('password.')) {
        const issues = err.issues;
        setSubmittedCodes([err.code, ...issues.map((i) => i.code)]);
        setErrors({
          password:
            issues.length > 1 ? (
              <ul className={styles.issues}>
                {issues.map((i) => (
                  <li key={`${i.path}:${i.code}`}>{i.message}</li>
                ))}
              </ul>
            ) : (
              (issues[0]?.message ?? err.title)
            ),
        });
        passwordRef.current?.focus();
      }
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found: typeof errors = {};
    if (!password) found.password = t('changePassword.newRequired');
    if (!confirm) found.confirm = t('changePassword.confirmRequired');
    else if (password && confirm !== password) found.confirm = t('changePassword.mismatch');
    setErrors(found);
    if (found.password) return passwordRef.current?.focus();
    if (found.confirm) return confirmRef.current?.focus();
    redeem.mutate();
  };

  const invalid = !token || (link.error instanceof ApiError && link.error.code === 'links.invalid') || (redeem.error instanceof ApiError && redeem.error.code === 'links.invalid');
  const otherError = redeem.error && !(redeem.error instanceof ApiError && (redeem.error.code === 'links.invalid' || (redeem.error.status === 400 && redeem.error.code.startsWith('password.'))));

  let content: ReactElement;
  if (redeem.isSuccess) {
    content = (
      <>
        <MessageBar intent="success" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{t('setPassword.doneTitle')}</MessageBarTitle>
            {t('setPassword.doneBody')}
          </MessageBarBody>
        </MessageBar>
        <div>
          <Button appearance="primary" onClick={() => navigate('/sign-in', { state: { notice: 'passwordChanged', username: link.data?.userPrincipalName } satisfies SignInNotice })}>
            {t('setPassword.signIn')}
          </Button>
        </div>
      </>
    );
  } else if (invalid) {
    content = (
      <>
        <MessageBar intent="error" layout="multiline" role="alert">
          <MessageBarBody>
            <MessageBarTitle>{t('setPassword.invalidTitle')}</MessageBarTitle>
            {(link.error instanceof ApiError && link.error.title) || (redeem.error instanceof ApiError && redeem.error.title) || t('setPassword.invalidBody')}
          </MessageBarBody>
        </MessageBar>
        <RouterLink to="/sign-in">{t('setPassword.toSignIn')}</RouterLink>
      </>
    );
  } else if (link.isPending) {
    content = <Spinner label={t('app.loading')} />;
  } else if (link.isError) {
    content = <ErrorBar error={link.error} onRetry={() => void link.refetch()} />;
  } else {
    content = (
      <form className={styles.form} onSubmit={onSubmit} noValidate aria-label={t('setPassword.title')}>
        <Text>{t('setPassword.intro', { upn: link.data.userPrincipalName })}</Text>
        <Text className={styles.muted} size={200}>
          {t('setPassword.expires', { when: format(link.data.expiresDateTime) ?? '' })}
        </Text>
        {/* Lets password managers file the new password under the right account. */}
        <input type="text" name="username" autoComplete="username" value={link.data.userPrincipalName} readOnly hidden />
        <Field label={t('changePassword.new')} required validationMessage={errors.password}>
          <PasswordInput
            ref={passwordRef}
            name="new-password"
            autoComplete="new-password"
            value={password}
            aria-describedby="set-password-feedback"
            onValueChange={(v) => {
              setPassword(v);
              if (errors.password) setErrors((e) => ({ ...e, password: undefined }));
            }}
            autoFocus
          />
        </Field>
        <PasswordFeedback password={password} id="set-password-feedback" offlineRules={link.data.rules} hideCodes={errors.password ? submittedCodes : []} />
        <Field label={t('changePassword.confirm')} required validationMessage={errors.confirm}>
          <PasswordInput
            ref={confirmRef}
            name="confirm-password"
            autoComplete="new-password"
            value={confirm}
            onValueChange={(v) => {
              setConfirm(v);
              if (errors.confirm) setErrors((e) => ({ ...e, confirm: undefined }));
            }}
          />
        </Field>
        {otherError ? <ErrorBar error={redeem.error} /> : null}
        <div>
          <Button type="submit" appearance="primary" disabled={redeem.isPending} icon={redeem.isPending ? <Spinner size="tiny" /> : undefined}>
            {t('setPassword.submit')}
          </Button>
        </div>
      </form>
    );
  }

  return (
    <CenteredCard title={t('setPassword.title')}>
      <div className={styles.body}>
        <Title2 as="h1">{t('setPassword.title')}</Title2>
        {content}
      </div>
    </CenteredCard>
  );
}
