import {
  Button,
  DialogBody,
  DialogContent,
  DialogTitle,
  Field,
  Input,
  Link,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Text,
} from '@fluentui/react-components';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { SingleMethodKind } from '../../../../shared/methods.js';
import type { MethodVerification, SecurityMethod } from '../../../../shared/security-info.js';
import { ApiError, apiFetch } from '../../../shared/api';
import { ErrorBar } from '../../../shared/ErrorBar';
import { useRefreshSecurityInfo } from '../api';
import { useDialogStyles } from '../dialogStyles';
import { methodLabel } from '../labels';
import { StepButtons } from './parts';

interface Props {
  kind: SingleMethodKind;
  digits: number;
  verification: MethodVerification;
  /** Above the code box: where the code went, or the app's QR code. */
  intro: ReactNode;
  /** For sent codes: "Send a new code" (or "Call me again"). */
  resend?: () => Promise<MethodVerification>;
  onResent?: (v: MethodVerification) => void;
  onRestart: () => void;
  onCancel: () => void;
  onDone: () => void;
}

/** The last step for email, phones and the app: the code box and Verify. */
export function VerifyCodeStep({ kind, digits, verification, intro, resend, onResent, onRestart, onCancel, onDone }: Props) {
  const { t } = useTranslation();
  const styles = useDialogStyles();
  const refresh = useRefreshSecurityInfo();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [resent, setResent] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);

  const verify = useMutation({
    mutationFn: (value: string) =>
      apiFetch<{ method: SecurityMethod }>(`/me/methods/verifications/${encodeURIComponent(verification.verificationId)}`, {
        method: 'POST',
        body: { code: value },
      }),
    onSuccess: async () => {
      await refresh();
      onDone();
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'security_info.code_invalid') {
        setError(err.title || t('securityInfo.codeInvalid'));
        setCode('');
        codeRef.current?.focus();
      } else setError(undefined);
    },
  });
  const again = useMutation({
    mutationFn: () => resend!(),
    onSuccess: (v) => {
      setResent(true);
      setCode('');
      setError(undefined);
      verify.reset();
      onResent?.(v);
      codeRef.current?.focus();
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const value = code.replace(/[\s-]/g, '');
    if (!new RegExp(`^\\d{${digits}}$`).test(value)) {
      setError(t('securityInfo.codeFormat', { digits }));
      return codeRef.current?.focus();
    }
    setError(undefined);
    setResent(false);
    verify.mutate(value);
  };

  const expired = verify.error instanceof ApiError && verify.error.code === 'security_info.verification_expired';
  const otherError =
    verify.error && !expired && !(verify.error instanceof ApiError && verify.error.code === 'security_info.code_invalid') ? verify.error : null;

  return (
    <form onSubmit={onSubmit} noValidate>
      <DialogBody>
        <DialogTitle>{methodLabel(t, kind)}</DialogTitle>
        <DialogContent className={styles.content}>
          {intro}
          {resent ? (
            <MessageBar intent="success" role="status">
              <MessageBarBody>{t('securityInfo.codeResent')}</MessageBarBody>
            </MessageBar>
          ) : null}
          {expired ? (
            <MessageBar intent="warning" layout="multiline" role="alert">
              <MessageBarBody>{verify.error instanceof ApiError && verify.error.title ? verify.error.title : t('securityInfo.expired')}</MessageBarBody>
              <MessageBarActions>
                <Button onClick={onRestart}>{t('securityInfo.startOver')}</Button>
              </MessageBarActions>
            </MessageBar>
          ) : null}
          {otherError ? <ErrorBar error={otherError} /> : null}
          {again.error ? <ErrorBar error={again.error} /> : null}
          <Field label={t('securityInfo.codeLabel', { digits })} required validationMessage={error}>
            <Input
              ref={codeRef}
              className={styles.code}
              inputMode="numeric"
              autoComplete="one-time-code"
              autoFocus
              maxLength={digits + 4}
              value={code}
              onChange={(_, d) => setCode(d.value)}
            />
          </Field>
          {resend ? (
            <Text>
              <Link as="button" type="button" inline disabled={again.isPending} onClick={() => again.mutate()}>
                {t(kind === 'officePhone' ? 'securityInfo.callAgain' : 'securityInfo.resend')}
              </Link>
            </Text>
          ) : null}
        </DialogContent>
        <StepButtons label={t('securityInfo.verify')} pending={verify.isPending} disabled={expired} onBack={onRestart} onCancel={onCancel} />
      </DialogBody>
    </form>
  );
}
