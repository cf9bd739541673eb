import { Button, Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useMutation } from '@tanstack/react-query';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PasswordRules } from '../../shared/password-rules.js';
import { ApiError, apiFetch } from '../shared/api';
import { ErrorBar } from '../shared/ErrorBar';
import { useDateFormatter } from '../shared/format';
import { NewPasswordFields } from '../shared/password/NewPasswordFields';
import { isPasswordRejection } from '../shared/password/PasswordIssues';
import { useNewPassword } from '../shared/password/useNewPassword';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  muted: { color: tokens.colorNeutralForeground2 },
});

/** What `POST /password-links/inspect` answers. */
export interface LinkInfo {
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

interface Props {
  token: string;
  link: LinkInfo;
  onDone: () => void;
  /** The link was used or expired meanwhile. */
  onInvalid: (error: ApiError) => void;
}

/** The form of /set-password: the new password twice, redeemed with the link's token. */
export function SetPasswordForm({ token, link, onDone, onInvalid }: Props) {
  const { t } = useTranslation();
  const styles = useStyles();
  const format = useDateFormatter();
  const fields = useNewPassword({
    required: t('changePassword.newRequired'),
    confirmRequired: t('changePassword.confirmRequired'),
    mismatch: t('changePassword.mismatch'),
  });

  const redeem = useMutation({
    mutationFn: () => apiFetch<void>('/password-links/redeem', { method: 'POST', body: { token, newPassword: fields.password }, redirectOn401: false }),
    onSuccess: onDone,
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'links.invalid') onInvalid(err);
      else if (isPasswordRejection(err)) fields.reject(err);
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (fields.validate()) redeem.mutate();
  };

  const otherError = redeem.error && !(redeem.error instanceof ApiError && redeem.error.code === 'links.invalid') && !isPasswordRejection(redeem.error);
  return (
    <form className={styles.form} onSubmit={onSubmit} noValidate aria-label={t('setPassword.title')}>
      <Text>{t('setPassword.intro', { upn: link.userPrincipalName })}</Text>
      <Text className={styles.muted} size={200}>
        {t('setPassword.expires', { when: format(link.expiresDateTime) ?? '' })}
      </Text>
      <NewPasswordFields
        state={fields}
        label={t('changePassword.new')}
        confirmLabel={t('changePassword.confirm')}
        feedbackId="set-password-feedback"
        username={link.userPrincipalName}
        offlineRules={link.rules}
        autoFocus
      />
      {otherError ? <ErrorBar error={redeem.error} /> : null}
      <div>
        <Button type="submit" appearance="primary" disabled={redeem.isPending} icon={redeem.isPending ? <Spinner size="tiny" /> : undefined}>
          {t('setPassword.submit')}
        </Button>
      </div>
    </form>
  );
}
