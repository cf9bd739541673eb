import { Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../shared/api';
import { recoveryApi } from '../recovery/flow';
import type { FlowView } from '../../shared/recovery.js';
import type { MethodKind } from '../../shared/methods.js';
import { SubmitButton } from '../recovery/parts';
import { Problem, useRetryAfter } from '../recovery/Problem';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'flex-start', flexWrap: 'wrap' },
  input: { width: '14ch', fontVariantNumeric: 'tabular-nums', letterSpacing: '0.08em' },
});

interface Props {
  flowId: string;
  method: MethodKind;
  /** 8 for codes we send, 6 for the authenticator app. */
  digits: number;
  /** Focus the box when it appears (right after a code was sent). */
  autoFocus?: boolean;
  /** Next to the Verify button, such as "Send a new code". */
  extra?: ReactNode;
  onVerified: (flow: FlowView) => void;
  handleError: (err: unknown) => boolean;
}

/** The box for a one-time code and its Verify button; a wrong code is said next to the box. */
export function CodeEntry({ flowId, method, digits, autoFocus, extra, onVerified, handleError }: Props) {
  const { t } = useTranslation();
  const styles = useStyles();
  const [code, setCode] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [pending, setPending] = useState(false);
  const wait = useRetryAfter(error);
  const inputRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (autoFocus) inputRef.current?.focus();
  }, [autoFocus]);

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const value = code.replace(/[\s-]/g, '');
    const local = !value
      ? t('portal.verify.codeRequired')
      : new RegExp(`^\\d{${digits}}$`).test(value)
        ? null
        : t('portal.verify.codeFormat', { count: digits });
    setFieldError(local);
    setError(null);
    if (local) return inputRef.current?.focus();
    setPending(true);
    try {
      const view = await recoveryApi.verifyCode(flowId, method, value);
      onVerified(view);
    } catch (err) {
      if (handleError(err)) return;
      if (err instanceof ApiError && (err.code === 'recovery.code_invalid' || err.code === 'request.validation_failed')) {
        setFieldError(err.title || t('portal.verify.codeFormat', { count: digits }));
        setCode('');
        inputRef.current?.focus();
      } else setError(err);
    } finally {
      setPending(false);
    }
  };

  return (
    <form className={styles.form} onSubmit={(event) => void onSubmit(event)} noValidate aria-label={t('portal.verify.codeForm')}>
      {error ? <Problem error={error} secondsLeft={wait} /> : null}
      <Field
        label={method === 'authenticatorApp' ? t('portal.verify.appCodeLabel') : t('portal.verify.codeLabel')}
        hint={t('portal.verify.codeHint', { count: digits })}
        required
        validationMessage={fieldError ?? undefined}
      >
        <Input
          ref={inputRef}
          className={styles.input}
          name="one-time-code"
          inputMode="numeric"
          autoComplete="one-time-code"
          pattern="[0-9 ]*"
          spellCheck={false}
          value={code}
          aria-invalid={!!fieldError || undefined}
          onChange={(_, d) => {
            setCode(d.value);
            if (fieldError) setFieldError(null);
          }}
        />
      </Field>
      <div className={styles.row}>
        <SubmitButton pending={pending} wait={wait}>
          {pending ? t('portal.verify.verifying') : t('portal.verify.submit')}
        </SubmitButton>
        {extra}
      </div>
    </form>
  );
}
