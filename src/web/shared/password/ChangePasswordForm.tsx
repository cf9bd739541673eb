import { Button, Field, MessageBar, MessageBarBody, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiFetch } from '../api';
import { ErrorBar } from '../ErrorBar';
import { clearSession, useMe } from '../session';
import { NewPasswordFields } from './NewPasswordFields';
import { PasswordInput } from './PasswordInput';
import { useNewPassword } from './useNewPassword';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '440px' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

interface Props {
  /** Extra buttons after Submit (Cancel, Sign out). */
  secondary?: ReactNode;
}

/**
 * Current password, new password with live policy feedback and its confirmation; used by
 * My account > Security & privacy > Password and by the forced change after sign-in. On success
 * every session of the user has been revoked, so the user goes to /sign-in with a notice.
 */
export function ChangePasswordForm({ secondary }: Props) {
  const { t } = useTranslation();
  const styles = useStyles();
  const queryClient = useQueryClient();
  const { data: me } = useMe();
  const [current, setCurrent] = useState('');
  const [currentError, setCurrentError] = useState<string | undefined>();
  const fields = useNewPassword({
    required: t('changePassword.newRequired'),
    confirmRequired: t('changePassword.confirmRequired'),
    mismatch: t('changePassword.mismatch'),
  });
  const currentRef = useRef<HTMLInputElement>(null);

  const change = useMutation({
    mutationFn: () =>
      apiFetch<void>('/me/change-password', {
        method: 'POST',
        body: { currentPassword: current, newPassword: fields.password },
        keepSessionOn401: ['auth.invalid_credentials'],
      }),
    // The server revoked every session, this one included: the route guard then goes to /sign-in
    // with the notice "Your password has been changed".
    onSuccess: () => clearSession(queryClient, { notice: { notice: 'passwordChanged', username: me?.user.userPrincipalName } }),
    onError: (err) => {
      if (!(err instanceof ApiError)) return;
      if (err.status === 401 && err.code === 'auth.invalid_credentials') {
        setCurrentError(t('changePassword.currentIncorrect'));
        fields.setErrors({});
        setCurrent('');
        currentRef.current?.focus();
        return;
      }
      if (err.status === 400) {
        const onCurrent = err.issues.filter((i) => i.path === 'currentPassword');
        const onNew = err.issues.filter((i) => i.path !== 'currentPassword');
        setCurrentError(onCurrent[0]?.message);
        // The directory's refusal (issue 14) is about the new password too, and says so (PasswordIssues).
        if (onNew.length || err.code.startsWith('password.') || err.code === 'directory.password_refused') fields.reject(err, onNew, !onCurrent.length);
        else fields.setErrors({});
        if (onCurrent.length) currentRef.current?.focus();
      }
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const missing = current ? undefined : t('changePassword.currentRequired');
    setCurrentError(missing);
    const ok = fields.validate(!missing);
    if (missing) return currentRef.current?.focus();
    if (ok) change.mutate();
  };

  // Field errors are shown next to the fields; anything else (rate limit, network) above the buttons.
  const fieldLevel =
    change.error instanceof ApiError && (change.error.status === 400 || (change.error.status === 401 && change.error.code === 'auth.invalid_credentials'));

  return (
    <form className={styles.form} onSubmit={onSubmit} noValidate aria-label={t('changePassword.formLabel')}>
      {/* Lets password managers file the new password under the right account. */}
      <input type="text" name="username" autoComplete="username" value={me?.user.userPrincipalName ?? ''} readOnly hidden />
      <Field label={t('changePassword.current')} required validationMessage={currentError}>
        <PasswordInput
          ref={currentRef}
          name="current-password"
          autoComplete="current-password"
          value={current}
          onValueChange={(v) => {
            setCurrent(v);
            setCurrentError(undefined);
          }}
          autoFocus
        />
      </Field>
      <NewPasswordFields
        state={fields}
        label={t('changePassword.new')}
        confirmLabel={t('changePassword.confirm')}
        feedbackId="new-password-feedback"
        mismatchOnBlur
      />
      {change.error && !fieldLevel ? <ErrorBar error={change.error} /> : null}
      <MessageBar intent="info" layout="multiline">
        <MessageBarBody>{t('changePassword.signInAgain')}</MessageBarBody>
      </MessageBar>
      <div className={styles.actions}>
        <Button type="submit" appearance="primary" disabled={change.isPending} icon={change.isPending ? <Spinner size="tiny" /> : undefined}>
          {change.isPending ? t('changePassword.submitting') : t('changePassword.submit')}
        </Button>
        {secondary}
      </div>
    </form>
  );
}
