import { Button, Field, Input, Spinner, Text, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { CheckmarkCircleFilled, ErrorCircleFilled } from '@fluentui/react-icons';
import { useImperativeHandle, useRef, useState } from 'react';
import type { FormEvent, Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../shared/api';
import { recoveryApi } from '../recovery/flow';
import type { FlowView } from '../../shared/recovery.js';
import { Problem, useRetryAfter } from '../recovery/Problem';
import { StepActions, StepHeading, SubmitButton } from '../recovery/parts';
import { useCaptcha } from '../recovery/useCaptcha';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  check: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, minHeight: '24px', fontSize: tokens.fontSizeBase200 },
  icon: { fontSize: '16px', flexShrink: 0 },
  ok: { color: tokens.colorPaletteGreenForeground1 },
  bad: { color: tokens.colorPaletteRedForeground1 },
  muted: { color: tokens.colorNeutralForeground2 },
});

export interface UserIdStepHandle {
  /** Checks the user ID, waits for the security check and starts a flow; null when it could not. */
  start(): Promise<FlowView | null>;
}

interface Props {
  initialUsername: string;
  onStarted: (flow: FlowView, username: string) => void;
  /** Called as a new attempt begins (the page hides an older notice). */
  onAttempt: () => void;
  onCancel: () => void;
  ref?: Ref<UserIdStepHandle>;
}

/** Step 1: who is this about, and a proof of work that a browser (not a script) is asking. */
export function UserIdStep({ initialUsername, onStarted, onAttempt, onCancel, ref }: Props) {
  const { t } = useTranslation();
  const styles = useStyles();
  const captcha = useCaptcha();
  const [username, setUsername] = useState(initialUsername);
  const [missing, setMissing] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const wait = useRetryAfter(error);
  const inputRef = useRef<HTMLInputElement>(null);

  const start = async (): Promise<FlowView | null> => {
    const name = username.trim();
    setMissing(!name);
    if (!name) {
      inputRef.current?.focus();
      return null;
    }
    if (pending) return null;
    setPending(true);
    setError(null);
    onAttempt();
    let payload: string;
    try {
      payload = await captcha.take();
    } catch {
      // The status line says the security check failed and offers to try again.
      setPending(false);
      return null;
    }
    try {
      const flow = await recoveryApi.start(name, payload);
      onStarted(flow, name);
      return flow;
    } catch (err) {
      // A solution is good for one try: get a fresh one for the next.
      captcha.retry();
      setError(err);
      if (err instanceof ApiError && err.code === 'request.validation_failed') inputRef.current?.focus();
      return null;
    } finally {
      setPending(false);
    }
  };

  useImperativeHandle(ref, () => ({ start }));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void start();
  };

  const waitingForCheck = pending && captcha.status === 'solving';

  return (
    <form className={styles.form} onSubmit={onSubmit} noValidate aria-labelledby="recover-step-heading">
      <StepHeading>{t('portal.userId.heading')}</StepHeading>
      <Text as="p">{t('portal.userId.intro')}</Text>
      {error ? <Problem error={error} secondsLeft={wait} /> : null}
      <Field label={t('portal.userId.label')} hint={t('portal.userId.hint')} required validationMessage={missing ? t('portal.userId.required') : undefined}>
        <Input
          ref={inputRef}
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          autoFocus
          value={username}
          placeholder={t('portal.userId.placeholder')}
          aria-invalid={missing || undefined}
          onChange={(_, d) => {
            setUsername(d.value);
            if (missing && d.value.trim()) setMissing(false);
          }}
        />
      </Field>
      <div role="status" aria-live="polite" className={styles.check} data-testid="captcha-status" data-state={captcha.status}>
        {captcha.status === 'solving' ? (
          <Spinner size="extra-tiny" label={t('portal.captcha.solving')} />
        ) : captcha.status === 'ready' ? (
          <>
            <CheckmarkCircleFilled className={mergeClasses(styles.icon, styles.ok)} aria-hidden />
            <Text size={200}>{t('portal.captcha.ready')}</Text>
          </>
        ) : (
          <>
            <ErrorCircleFilled className={mergeClasses(styles.icon, styles.bad)} aria-hidden />
            <Text size={200}>{t('portal.captcha.failed')}</Text>
            <Button size="small" appearance="subtle" onClick={() => captcha.retry()}>
              {t('portal.captcha.retry')}
            </Button>
          </>
        )}
      </div>
      <StepActions
        primary={
          <SubmitButton pending={pending} wait={wait}>
            {waitingForCheck ? t('portal.captcha.solving') : pending ? t('portal.userId.starting') : t('portal.next')}
          </SubmitButton>
        }
        onCancel={onCancel}
      />
    </form>
  );
}
