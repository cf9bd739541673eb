import { Button, Field, Spinner, Text, makeStyles, tokens } from '@fluentui/react-components';
import { useRef, useState } from 'react';
import type { FormEvent, ReactElement } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../shared/api';
import { PasswordInput } from '../shared/password/PasswordInput';
import { recoveryApi } from './flow';
import type { FlowView } from './flow';
import { StepActions, StepHeading } from './parts';
import { Problem, useRetryAfter } from './Problem';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  issues: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
});

interface Props {
  flow: FlowView;
  username: string;
  onFlow: (flow: FlowView) => void;
  handleError: (err: unknown) => boolean;
  onCancel: () => void;
}

/**
 * Step 3: the new password, twice. Without a session the live policy check is not available, so
 * the server's policy speaks after the submit: its reasons go next to the field.
 */
export function PasswordStep({ flow, username, onFlow, handleError, onCancel }: Props) {
  const { t } = useTranslation();
  const styles = useStyles();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ password?: ReactElement | string; confirm?: string }>({});
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const wait = useRetryAfter(error);
  const passwordRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const found: typeof errors = {};
    if (!password) found.password = t('portal.password.newRequired');
    if (!confirm) found.confirm = t('portal.password.confirmRequired');
    else if (password && confirm !== password) found.confirm = t('portal.password.mismatch');
    setErrors(found);
    setError(null);
    if (found.password) return passwordRef.current?.focus();
    if (found.confirm) return confirmRef.current?.focus();
    setPending(true);
    try {
      onFlow(await recoveryApi.password(flow.id, password));
    } catch (err) {
      if (handleError(err)) return;
      if (err instanceof ApiError && err.status === 400 && err.code.startsWith('password.')) {
        const issues = err.issues;
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
      } else setError(err);
    } finally {
      setPending(false);
    }
  };

  return (
    <form className={styles.form} onSubmit={onSubmit} noValidate aria-labelledby="recover-step-heading">
      <StepHeading>{t('portal.password.heading')}</StepHeading>
      <Text as="p">{t('portal.password.intro')}</Text>
      {error ? <Problem error={error} secondsLeft={wait} /> : null}
      {/* Lets password managers file the new password under the right account. */}
      {username ? <input type="text" name="username" autoComplete="username" value={username} readOnly hidden /> : null}
      <Field label={t('portal.password.new')} required validationMessage={errors.password}>
        <PasswordInput
          ref={passwordRef}
          name="new-password"
          autoComplete="new-password"
          value={password}
          onValueChange={(v) => {
            setPassword(v);
            if (errors.password) setErrors((e) => ({ ...e, password: undefined }));
          }}
        />
      </Field>
      <Field label={t('portal.password.confirm')} required validationMessage={errors.confirm}>
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
      <StepActions
        primary={
          <Button type="submit" appearance="primary" disabled={pending || wait > 0} icon={pending ? <Spinner size="tiny" /> : undefined}>
            {pending ? t('portal.password.submitting') : t('portal.password.submit')}
          </Button>
        }
        onCancel={onCancel}
      />
    </form>
  );
}
