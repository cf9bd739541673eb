import { Button, Field, MessageBar, MessageBarBody, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useRef, useState } from 'react';
import type { FormEvent, ReactElement, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiFetch } from '../api';
import { ErrorBar } from '../ErrorBar';
import { clearSession, useMe } from '../session';
import type { PasswordCheckResult } from '../types';
import { PasswordFeedback } from './PasswordFeedback';
import { PasswordInput } from './PasswordInput';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL, maxWidth: '440px' },
  issues: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
});

type FieldErrors = { current?: string; next?: ReactElement | string; confirm?: string };

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
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [check, setCheck] = useState<PasswordCheckResult | null>(null);
  const currentRef = useRef<HTMLInputElement>(null);
  const nextRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);
  const onResult = useCallback((result: PasswordCheckResult | null) => setCheck(result), []);

  const change = useMutation({
    mutationFn: () =>
      apiFetch<void>('/me/change-password', {
        method: 'POST',
        body: { currentPassword: current, newPassword: next },
        keepSessionOn401: ['auth.invalid_credentials'],
      }),
    // The server revoked every session, this one included: the route guard then goes to /sign-in
    // with the notice "Your password has been changed".
    onSuccess: () => clearSession(queryClient, { notice: { notice: 'passwordChanged', username: me?.user.userPrincipalName } }),
    onError: (err) => {
      if (!(err instanceof ApiError)) return;
      if (err.status === 401 && err.code === 'auth.invalid_credentials') {
        setErrors({ current: t('changePassword.currentIncorrect') });
        setCurrent('');
        currentRef.current?.focus();
        return;
      }
      if (err.status === 400) {
        const onCurrent = err.issues.filter((i) => i.path === 'currentPassword');
        const onNew = err.issues.filter((i) => i.path !== 'currentPassword');
        const nextError = onNew.length ? (
          onNew.length === 1 ? (
            onNew[0]!.message
          ) : (
            <ul className={styles.issues}>
              {onNew.map((i) => (
                <li key={`${i.path}:${i.code}`}>{i.message}</li>
              ))}
            </ul>
          )
        ) : err.code.startsWith('password.') ? (
          err.title
        ) : undefined;
        setErrors({ current: onCurrent[0]?.message, next: nextError });
        if (onCurrent.length) currentRef.current?.focus();
        else if (nextError) nextRef.current?.focus();
      }
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found: FieldErrors = {};
    if (!current) found.current = t('changePassword.currentRequired');
    if (!next) found.next = t('changePassword.newRequired');
    if (!confirm) found.confirm = t('changePassword.confirmRequired');
    else if (next && confirm !== next) found.confirm = t('changePassword.mismatch');
    setErrors(found);
    if (found.current) return currentRef.current?.focus();
    if (found.next) return nextRef.current?.focus();
    if (found.confirm) return confirmRef.current?.focus();
    change.mutate();
  };

  // Field errors are shown next to the fields; anything else (rate limit, network) above the buttons.
  const fieldLevel = change.error instanceof ApiError && (change.error.status === 400 || (change.error.status === 401 && change.error.code === 'auth.invalid_credentials'));
  const rejected = !!check && !check.accepted && next.length > 0;
  const submittedCodes = change.error instanceof ApiError ? [change.error.code, ...change.error.issues.map((i) => i.code)] : [];

  return (
    <form className={styles.form} onSubmit={onSubmit} noValidate aria-label={t('changePassword.formLabel')}>
      {/* Lets password managers file the new password under the right account. */}
      <input type="text" name="username" autoComplete="username" value={me?.user.userPrincipalName ?? ''} readOnly hidden />
      <Field label={t('changePassword.current')} required validationMessage={errors.current}>
        <PasswordInput
          ref={currentRef}
          name="current-password"
          autoComplete="current-password"
          value={current}
          onValueChange={(v) => {
            setCurrent(v);
            if (errors.current) setErrors((e) => ({ ...e, current: undefined }));
          }}
          autoFocus
        />
      </Field>
      <Field label={t('changePassword.new')} required validationMessage={errors.next} validationState={errors.next ? 'error' : rejected ? 'warning' : 'none'}>
        <PasswordInput
          ref={nextRef}
          name="new-password"
          autoComplete="new-password"
          value={next}
          aria-describedby="new-password-feedback"
          onValueChange={(v) => {
            setNext(v);
            if (errors.next) setErrors((e) => ({ ...e, next: undefined }));
          }}
        />
      </Field>
      <PasswordFeedback password={next} id="new-password-feedback" onResult={onResult} hideCodes={errors.next ? submittedCodes : []} />
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
          onBlur={() => {
            if (confirm && next && confirm !== next) setErrors((e) => ({ ...e, confirm: t('changePassword.mismatch') }));
          }}
        />
      </Field>
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
