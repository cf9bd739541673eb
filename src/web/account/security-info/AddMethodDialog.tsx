import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  Link,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  Radio,
  RadioGroup,
  Spinner,
  Text,
} from '@fluentui/react-components';
import { CopyRegular } from '@fluentui/react-icons';
import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, apiFetch } from '../../shared/api';
import { ErrorBar } from '../../shared/ErrorBar';
import { PasswordInput } from '../../shared/password/PasswordInput';
import type { AuthenticatorVerification, MethodKind, MethodVerification, SecurityMethod } from '../../shared/types';
import { START_PATHS, isCodeKind, useRefreshSecurityInfo } from './api';
import type { CodeKind } from './api';
import { MethodIcon, groupSecret, methodLabel, svgDataUrl } from './labels';
import { SecurityQuestionsStep } from './SecurityQuestionsStep';
import { useDialogStyles } from './dialogStyles';


/** Codes sent by mail, text or call have 8 digits; authenticator apps show 6. */
const SENT_CODE_DIGITS = 8;
const APP_CODE_DIGITS = 6;

type Step =
  | { name: 'choose' }
  | { name: 'start' }
  | { name: 'code'; verification: MethodVerification; destination: string }
  | { name: 'app'; verification: AuthenticatorVerification };

interface Props {
  /** The methods to offer; with one, the dialog starts there (Change, or a single choice). */
  kinds: MethodKind[];
  /** Change: the new method replaces the registered one of its kind. */
  replacing: boolean;
  questionsToRegister: number;
  onClose: () => void;
  onAdded: (kind: MethodKind) => void;
}

/**
 * Add sign-in method, as Entra's wizard: choose a method, then prove it. Email and phones get a
 * code sent to them; the authenticator app shows a QR code and its key, confirmed with a code from
 * the app; security questions are chosen and answered. Every start asks for the current password.
 */
export function AddMethodDialog({ kinds, replacing, questionsToRegister, onClose, onAdded }: Props) {
  const styles = useDialogStyles();
  const [kind, setKind] = useState<MethodKind | null>(kinds.length === 1 ? kinds[0]! : null);
  const [step, setStep] = useState<Step>(kinds.length === 1 ? { name: 'start' } : { name: 'choose' });
  // Kept while the dialog is open so Back and "Send a new code" need no retyping; gone when it closes.
  const [password, setPassword] = useState('');
  const [destination, setDestination] = useState('');
  const back = kinds.length > 1 ? () => setStep({ name: 'choose' }) : undefined;

  let body: ReactNode = null;
  if (step.name === 'choose' || !kind) {
    body = (
      <ChooseStep
        kinds={kinds}
        value={kind}
        onNext={(k) => {
          if (k !== kind) setDestination('');
          setKind(k);
          setStep({ name: 'start' });
        }}
        onCancel={onClose}
      />
    );
  } else if (kind === 'securityQuestions') {
    body = <SecurityQuestionsStep replacing={replacing} count={questionsToRegister} password={password} onPasswordChange={setPassword} onBack={back} onCancel={onClose} onDone={() => onAdded(kind)} />;
  } else if (step.name === 'start' && isCodeKind(kind)) {
    body = (
      <CodeStart
        kind={kind}
        destination={destination}
        onDestinationChange={setDestination}
        password={password}
        onPasswordChange={setPassword}
        onBack={back}
        onCancel={onClose}
        onStarted={(verification, to) => setStep({ name: 'code', verification, destination: to })}
      />
    );
  } else if (step.name === 'start' && kind === 'authenticatorApp') {
    body = <AppStart password={password} onPasswordChange={setPassword} onBack={back} onCancel={onClose} onStarted={(verification) => setStep({ name: 'app', verification })} />;
  } else if (step.name === 'code' && isCodeKind(kind)) {
    body = (
      <VerifyStep
        kind={kind}
        digits={SENT_CODE_DIGITS}
        verification={step.verification}
        onResent={(verification) => setStep({ name: 'code', verification, destination: step.destination })}
        resend={() => apiFetch<MethodVerification>(START_PATHS[kind], { method: 'POST', body: startBody(kind, step.destination, password), keepSessionOn401: ['auth.invalid_credentials'] })}
        onRestart={() => setStep({ name: 'start' })}
        onCancel={onClose}
        onDone={() => onAdded(kind)}
        intro={
          <Text as="p">
            <SentTo kind={kind} destination={step.destination} />
          </Text>
        }
      />
    );
  } else if (step.name === 'app') {
    body = (
      <VerifyStep
        kind="authenticatorApp"
        digits={APP_CODE_DIGITS}
        verification={step.verification}
        onRestart={() => setStep({ name: 'start' })}
        onCancel={onClose}
        onDone={() => onAdded('authenticatorApp')}
        intro={<AppInstructions verification={step.verification} />}
      />
    );
  }

  return (
    <Dialog open modalType="modal" onOpenChange={(_, d) => (d.open ? undefined : onClose())}>
      <DialogSurface className={styles.surface}>{body}</DialogSurface>
    </Dialog>
  );
}

/** The sentence above the code box: where the code went. */
function SentTo({ kind, destination }: { kind: CodeKind; destination: string }) {
  const { t } = useTranslation();
  return <>{t(`securityInfo.sentTo.${kind}`, { destination, digits: SENT_CODE_DIGITS })}</>;
}

function startBody(kind: CodeKind, destination: string, currentPassword: string) {
  return kind === 'email' ? { address: destination.trim(), currentPassword } : { phone: destination.trim(), currentPassword };
}

/** Where a start request's error belongs: the password field, the address/phone field, or neither. */
function startFieldErrors(err: unknown, t: (key: string) => string): { password?: string; destination?: string } | null {
  if (!(err instanceof ApiError)) return null;
  if (err.status === 401 && err.code === 'auth.invalid_credentials') return { password: t('securityInfo.passwordIncorrect') };
  if (err.status !== 400) return null;
  const out: { password?: string; destination?: string } = {};
  for (const issue of err.issues) {
    if (issue.path === 'currentPassword') out.password ??= issue.message;
    else if (issue.path === 'address' || issue.path === 'phone' || issue.code === 'field.invalid_email' || issue.code === 'field.invalid_phone') out.destination ??= issue.message;
  }
  if (!out.destination && (err.code === 'field.invalid_email' || err.code === 'field.invalid_phone')) out.destination = err.title;
  return out.password || out.destination ? out : null;
}

function ChooseStep({ kinds, value, onNext, onCancel }: { kinds: MethodKind[]; value: MethodKind | null; onNext: (kind: MethodKind) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const styles = useDialogStyles();
  const [choice, setChoice] = useState<MethodKind | null>(value ?? kinds[0] ?? null);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (choice) onNext(choice);
      }}
    >
      <DialogBody>
        <DialogTitle>{t('securityInfo.addTitle')}</DialogTitle>
        <DialogContent className={styles.content}>
          <Field label={t('securityInfo.chooseLabel')}>
            <RadioGroup value={choice ?? ''} onChange={(_, d) => setChoice(d.value as MethodKind)}>
              {kinds.map((k) => (
                <Radio
                  key={k}
                  value={k}
                  aria-describedby={`method-${k}-hint`}
                  label={
                    <span className={styles.radioLabel}>
                      <MethodIcon kind={k} className={styles.radioIcon} />
                      <span className={styles.radioText}>
                        <span>{methodLabel(t, k)}</span>
                        <span className={styles.radioHint} id={`method-${k}-hint`}>
                          {t(`securityInfo.hints.${k}`)}
                        </span>
                      </span>
                    </span>
                  }
                />
              ))}
            </RadioGroup>
          </Field>
        </DialogContent>
        <DialogActions>
          <Button type="submit" appearance="primary" disabled={!choice}>
            {t('securityInfo.next')}
          </Button>
          <Button onClick={onCancel}>{t('securityInfo.cancel')}</Button>
        </DialogActions>
      </DialogBody>
    </form>
  );
}

interface PasswordProps {
  password: string;
  onPasswordChange: (value: string) => void;
  onBack: (() => void) | undefined;
  onCancel: () => void;
}

/** Email, mobile phone or office phone: the address, the current password, then a code is sent. */
function CodeStart({
  kind,
  destination,
  onDestinationChange,
  password,
  onPasswordChange,
  onBack,
  onCancel,
  onStarted,
}: PasswordProps & { kind: CodeKind; destination: string; onDestinationChange: (value: string) => void; onStarted: (v: MethodVerification, destination: string) => void }) {
  const { t } = useTranslation();
  const styles = useDialogStyles();
  const [errors, setErrors] = useState<{ password?: string; destination?: string }>({});
  const destinationRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const start = useMutation({
    mutationFn: () => apiFetch<MethodVerification>(START_PATHS[kind], { method: 'POST', body: startBody(kind, destination, password), keepSessionOn401: ['auth.invalid_credentials'] }),
    onSuccess: (verification) => onStarted(verification, destination.trim()),
    onError: (err) => {
      const fields = startFieldErrors(err, t);
      if (!fields) return setErrors({});
      setErrors(fields);
      if (fields.password) {
        onPasswordChange('');
        passwordRef.current?.focus();
      } else destinationRef.current?.focus();
    },
  });

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const next = {
      destination: destination.trim() ? undefined : t(kind === 'email' ? 'securityInfo.emailRequired' : 'securityInfo.phoneRequired'),
      password: password ? undefined : t('securityInfo.passwordRequired'),
    };
    setErrors(next);
    if (next.destination) return destinationRef.current?.focus();
    if (next.password) return passwordRef.current?.focus();
    start.mutate();
  };

  const fieldsShown = !!(errors.password || errors.destination);
  return (
    <form onSubmit={onSubmit} noValidate>
      <DialogBody>
        <DialogTitle>{methodLabel(t, kind)}</DialogTitle>
        <DialogContent className={styles.content}>
          <Text as="p">{t(`securityInfo.intro.${kind}`)}</Text>
          {start.error && !fieldsShown ? <ErrorBar error={start.error} /> : null}
          {kind === 'email' ? (
            <Field label={t('securityInfo.emailLabel')} required validationMessage={errors.destination}>
              <Input ref={destinationRef} type="email" autoComplete="email" autoCapitalize="none" spellCheck={false} autoFocus value={destination} onChange={(_, d) => onDestinationChange(d.value)} />
            </Field>
          ) : (
            <Field label={t('securityInfo.phoneLabel')} required hint={t('securityInfo.phoneHint')} validationMessage={errors.destination}>
              <Input ref={destinationRef} type="tel" autoComplete="tel" inputMode="tel" autoFocus value={destination} onChange={(_, d) => onDestinationChange(d.value)} />
            </Field>
          )}
          <Field label={t('securityInfo.currentPassword')} required hint={t('securityInfo.currentPasswordHint')} validationMessage={errors.password}>
            <PasswordInput ref={passwordRef} autoComplete="current-password" value={password} onValueChange={onPasswordChange} />
          </Field>
        </DialogContent>
        <DialogActions>
          <Button type="submit" appearance="primary" disabled={start.isPending} icon={start.isPending ? <Spinner size="tiny" /> : undefined}>
            {t(kind === 'officePhone' ? 'securityInfo.callMe' : 'securityInfo.sendCode')}
          </Button>
          {onBack ? <Button onClick={onBack}>{t('securityInfo.back')}</Button> : null}
          <Button onClick={onCancel}>{t('securityInfo.cancel')}</Button>
        </DialogActions>
      </DialogBody>
    </form>
  );
}

/** Authenticator app: the current password, then the server makes a secret and its QR code. */
function AppStart({ password, onPasswordChange, onBack, onCancel, onStarted }: PasswordProps & { onStarted: (v: AuthenticatorVerification) => void }) {
  const { t } = useTranslation();
  const styles = useDialogStyles();
  const [error, setError] = useState<string | undefined>();
  const passwordRef = useRef<HTMLInputElement>(null);
  const start = useMutation({
    mutationFn: () => apiFetch<AuthenticatorVerification>('/me/methods/authenticator-app', { method: 'POST', body: { currentPassword: password }, keepSessionOn401: ['auth.invalid_credentials'] }),
    onSuccess: onStarted,
    onError: (err) => {
      const fields = startFieldErrors(err, t);
      setError(fields?.password);
      if (fields?.password) {
        onPasswordChange('');
        passwordRef.current?.focus();
      }
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!password) {
      setError(t('securityInfo.passwordRequired'));
      return passwordRef.current?.focus();
    }
    setError(undefined);
    start.mutate();
  };
  return (
    <form onSubmit={onSubmit} noValidate>
      <DialogBody>
        <DialogTitle>{methodLabel(t, 'authenticatorApp')}</DialogTitle>
        <DialogContent className={styles.content}>
          <Text as="p">{t('securityInfo.intro.authenticatorApp')}</Text>
          {start.error && !error ? <ErrorBar error={start.error} /> : null}
          <Field label={t('securityInfo.currentPassword')} required hint={t('securityInfo.currentPasswordHint')} validationMessage={error}>
            <PasswordInput ref={passwordRef} autoComplete="current-password" autoFocus value={password} onValueChange={onPasswordChange} />
          </Field>
        </DialogContent>
        <DialogActions>
          <Button type="submit" appearance="primary" disabled={start.isPending} icon={start.isPending ? <Spinner size="tiny" /> : undefined}>
            {t('securityInfo.next')}
          </Button>
          {onBack ? <Button onClick={onBack}>{t('securityInfo.back')}</Button> : null}
          <Button onClick={onCancel}>{t('securityInfo.cancel')}</Button>
        </DialogActions>
      </DialogBody>
    </form>
  );
}

/** The QR code (an <img> of the server's SVG, never markup in the page) and the key to type instead. */
function AppInstructions({ verification }: { verification: AuthenticatorVerification }) {
  const { t } = useTranslation();
  const styles = useDialogStyles();
  const [copied, setCopied] = useState(false);
  const secret = groupSecret(verification.secret);
  return (
    <>
      <Text as="p">{t('securityInfo.appScan')}</Text>
      <img className={styles.qr} src={svgDataUrl(verification.qrCodeSvg)} alt={t('securityInfo.qrAlt')} width={200} height={200} data-testid="authenticator-qr" />
      <Text as="p">{t('securityInfo.appManual')}</Text>
      <div className={styles.secretRow}>
        <code className={styles.secret} data-testid="authenticator-secret" aria-label={t('securityInfo.secretLabel')}>
          {secret}
        </code>
        <Button
          size="small"
          icon={<CopyRegular />}
          onClick={() => {
            void navigator.clipboard?.writeText(verification.secret).then(
              () => setCopied(true),
              () => setCopied(false),
            );
          }}
        >
          {copied ? t('securityInfo.copied') : t('securityInfo.copy')}
        </Button>
      </div>
      <Text as="p" className={styles.muted}>
        {t('securityInfo.appTimeBased')}
      </Text>
    </>
  );
}

/** The code box and Verify; for sent codes also "Send a new code". */
function VerifyStep({
  kind,
  digits,
  verification,
  intro,
  resend,
  onResent,
  onRestart,
  onCancel,
  onDone,
}: {
  kind: Exclude<MethodKind, 'securityQuestions'>;
  digits: number;
  verification: MethodVerification;
  intro: ReactNode;
  resend?: () => Promise<MethodVerification>;
  onResent?: (v: MethodVerification) => void;
  onRestart: () => void;
  onCancel: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const styles = useDialogStyles();
  const refresh = useRefreshSecurityInfo();
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [resent, setResent] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);

  const verify = useMutation({
    mutationFn: (value: string) => apiFetch<{ method: SecurityMethod }>(`/me/methods/verifications/${encodeURIComponent(verification.verificationId)}`, { method: 'POST', body: { code: value } }),
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
  const otherError = verify.error && !expired && !(verify.error instanceof ApiError && verify.error.code === 'security_info.code_invalid') ? verify.error : null;

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
        <DialogActions>
          <Button type="submit" appearance="primary" disabled={verify.isPending || expired} icon={verify.isPending ? <Spinner size="tiny" /> : undefined}>
            {t('securityInfo.verify')}
          </Button>
          <Button onClick={onRestart}>{t('securityInfo.back')}</Button>
          <Button onClick={onCancel}>{t('securityInfo.cancel')}</Button>
        </DialogActions>
      </DialogBody>
    </form>
  );
}
