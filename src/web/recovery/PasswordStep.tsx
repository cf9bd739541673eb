import { Text, makeStyles, tokens } from '@fluentui/react-components';
import { useCallback, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { PasswordCheckResult } from '../../shared/password-check.js';
import { apiFetch } from '../shared/api';
import { NewPasswordFields } from '../shared/password/NewPasswordFields';
import { isPasswordRejection } from '../shared/password/PasswordIssues';
import { useNewPassword } from '../shared/password/useNewPassword';
import { recoveryApi } from '../recovery/flow';
import type { FlowView } from '../../shared/recovery.js';
import { StepActions, StepHeading, SubmitButton } from '../recovery/parts';
import { Problem, useRetryAfter } from '../recovery/Problem';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
});

interface Props {
  flow: FlowView;
  username: string;
  onFlow: (flow: FlowView) => void;
  handleError: (err: unknown) => boolean;
  onCancel: () => void;
}

/**
 * Step 3: the new password, twice, with the same live rules, strength meter and messages as Change
 * password and the forced change (one NewPasswordFields), checked for the flow's user
 * (`POST /recovery/flows/{id}/password/check`, bound to the flow) instead of the signed-in user's
 * policy check. When the check can't answer, the feedback says so as it does on Change password and
 * the policy speaks at the submit; its reasons go next to the field.
 */
export function PasswordStep({ flow, username, onFlow, handleError, onCancel }: Props) {
  const { t } = useTranslation();
  const styles = useStyles();
  const fields = useNewPassword({
    required: t('portal.password.newRequired'),
    confirmRequired: t('portal.password.confirmRequired'),
    mismatch: t('portal.password.mismatch'),
  });
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const wait = useRetryAfter(error);
  const source = useCallback(
    (password: string, signal: AbortSignal) =>
      apiFetch<PasswordCheckResult>(`/recovery/flows/${encodeURIComponent(flow.id)}/password/check`, {
        method: 'POST',
        body: { password },
        signal,
        redirectOn401: false,
      }),
    [flow.id],
  );

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const ok = fields.validate();
    setError(null);
    if (!ok) return;
    setPending(true);
    try {
      onFlow(await recoveryApi.password(flow.id, fields.password));
    } catch (err) {
      if (handleError(err)) return;
      if (isPasswordRejection(err)) fields.reject(err);
      else setError(err);
    } finally {
      setPending(false);
    }
  };

  return (
    <form className={styles.form} onSubmit={(event) => void onSubmit(event)} noValidate aria-labelledby="recover-step-heading">
      <StepHeading>{t('portal.password.heading')}</StepHeading>
      <Text as="p">{t('portal.password.intro')}</Text>
      {error ? <Problem error={error} secondsLeft={wait} /> : null}
      <NewPasswordFields
        state={fields}
        label={t('portal.password.new')}
        confirmLabel={t('portal.password.confirm')}
        feedbackId="recover-password-feedback"
        username={username || undefined}
        source={source}
        mismatchOnBlur
      />
      <StepActions
        primary={
          <SubmitButton pending={pending} wait={wait}>
            {pending ? t('portal.password.submitting') : t('portal.password.submit')}
          </SubmitButton>
        }
        onCancel={onCancel}
      />
    </form>
  );
}
