import { Button, Spinner, Title2, makeStyles, tokens } from '@fluentui/react-components';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, apiFetch } from '../shared/api';
import { CenteredCard } from '../shared/CenteredCard';
import { ErrorBar } from '../shared/ErrorBar';
import { Notice } from '../shared/Notice';
import { RouterLink } from '../shared/links';
import type { SignInNotice } from '../shared/session';
import { SetPasswordForm } from './SetPasswordForm';
import type { LinkInfo } from './SetPasswordForm';

const useStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
});

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
  const navigate = useNavigate();
  const [token] = useState(takeToken);
  const [done, setDone] = useState(false);
  /** The link was refused when the password was set (used or expired meanwhile). */
  const [refused, setRefused] = useState<ApiError | null>(null);

  const link = useQuery({
    queryKey: ['password-link', token],
    queryFn: () => apiFetch<LinkInfo>('/password-links/inspect', { method: 'POST', body: { token }, redirectOn401: false }),
    enabled: !!token,
    retry: false,
    staleTime: Infinity,
  });

  const invalid = !token || (link.error instanceof ApiError && link.error.code === 'links.invalid') || !!refused;

  let content: ReactElement;
  if (done) {
    content = (
      <>
        <Notice intent="success" title={t('setPassword.doneTitle')}>
          {t('setPassword.doneBody')}
        </Notice>
        <div>
          <Button
            appearance="primary"
            onClick={() => void navigate('/sign-in', { state: { notice: 'passwordChanged', username: link.data?.userPrincipalName } satisfies SignInNotice })}
          >
            {t('setPassword.signIn')}
          </Button>
        </div>
      </>
    );
  } else if (invalid) {
    content = (
      <>
        <Notice intent="error" role="alert" title={t('setPassword.invalidTitle')}>
          {(link.error instanceof ApiError && link.error.title) || refused?.title || t('setPassword.invalidBody')}
        </Notice>
        <RouterLink to="/sign-in">{t('setPassword.toSignIn')}</RouterLink>
      </>
    );
  } else if (link.isPending) {
    content = <Spinner label={t('app.loading')} />;
  } else if (link.isError) {
    content = <ErrorBar error={link.error} onRetry={() => void link.refetch()} />;
  } else {
    content = <SetPasswordForm token={token} link={link.data} onDone={() => setDone(true)} onInvalid={setRefused} />;
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
