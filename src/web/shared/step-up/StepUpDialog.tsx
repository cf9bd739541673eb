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
  MessageBar,
  MessageBarBody,
  Radio,
  RadioGroup,
  Spinner,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { startAuthentication, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { PasswordInput } from '../password/PasswordInput';

export type SecondFactor = 'authenticatorApp' | 'passkey';
/** A POST through the API client (apiFetch's, for step-up); throws its ApiError (status, code, localised title). */
export type StepUpPost = <T>(path: string, body?: unknown) => Promise<T>;

/** An API error answer (apiFetch's ApiError), told apart from the browser's WebAuthn errors by its HTTP status. */
const apiError = (err: unknown): { status: number; code: string; title: string } | null =>
  typeof err === 'object' && err !== null && 'status' in err && 'code' in err ? (err as { status: number; code: string; title: string }) : null;

const useStyles = makeStyles({
  content: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

/**
 * "Verify your identity": the password, then a code from the authenticator app or the passkey
 * when the account has MFA (issue 17). Keyboard: the password field has focus, Enter verifies,
 * Escape cancels; errors are announced next to their field.
 */
export function StepUpDialog({ methods, post, onDone }: { methods: SecondFactor[]; post: StepUpPost; onDone: (verified: boolean) => void }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const [password, setPassword] = useState('');
  const [method, setMethod] = useState<SecondFactor | null>(methods[0] ?? null);
  const [code, setCode] = useState('');
  const [errors, setErrors] = useState<{ password?: string; code?: string }>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);

  const verify = async () => {
    let body: object = { password };
    if (method === 'authenticatorApp') body = { password, method, code: code.trim() };
    if (method === 'passkey') {
      const options = await post<PublicKeyCredentialRequestOptionsJSON>('/auth/step-up/passkey-options');
      body = { password, method, response: await startAuthentication({ optionsJSON: options }) };
    }
    await post<{ csrfToken: string }>('/auth/step-up', body);
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const missing = {
      password: password ? undefined : t('stepUp.passwordRequired'),
      code: method === 'authenticatorApp' && !code.trim() ? t('stepUp.codeRequired') : undefined,
    };
    setErrors(missing);
    setFailure(null);
    if (missing.password) return passwordRef.current?.focus();
    if (missing.code) return codeRef.current?.focus();
    setBusy(true);
    try {
      await verify();
      onDone(true);
    } catch (err) {
      const problem = apiError(err);
      if (problem?.code === 'auth.invalid_credentials') {
        setErrors({ password: t('stepUp.incorrect') });
        setPassword('');
        setCode('');
        passwordRef.current?.focus();
      } else if (!problem) {
        // The browser's passkey prompt was dismissed or failed: nothing was sent.
        setErrors({ code: t('stepUp.passkeyCancelled') });
      } else setFailure(problem.title || t('stepUp.failed'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open modalType="modal" onOpenChange={(_, d) => (d.open || busy ? undefined : onDone(false))}>
      <DialogSurface aria-describedby="step-up-intro">
        <form onSubmit={(e) => void onSubmit(e)} noValidate>
          <DialogBody>
            <DialogTitle>{t('stepUp.title')}</DialogTitle>
            <DialogContent className={styles.content}>
              <Text as="p" id="step-up-intro">
                {methods.length ? t('stepUp.introMfa') : t('stepUp.intro')}
              </Text>
              {failure ? (
                <MessageBar intent="error" role="alert">
                  <MessageBarBody>{failure}</MessageBarBody>
                </MessageBar>
              ) : null}
              <Field label={t('stepUp.password')} required validationMessage={errors.password}>
                <PasswordInput ref={passwordRef} autoComplete="current-password" autoFocus value={password} onValueChange={setPassword} />
              </Field>
              {methods.length > 1 ? (
                <Field label={t('stepUp.method')}>
                  <RadioGroup value={method ?? undefined} onChange={(_, d) => setMethod(d.value as SecondFactor)}>
                    {methods.map((m) => (
                      <Radio key={m} value={m} label={m === 'passkey' ? t('stepUp.methodPasskey') : t('stepUp.methodApp')} />
                    ))}
                  </RadioGroup>
                </Field>
              ) : null}
              {method === 'authenticatorApp' ? (
                <Field label={t('stepUp.code')} required hint={t('stepUp.codeHint')} validationMessage={errors.code}>
                  <Input ref={codeRef} value={code} onChange={(_, d) => setCode(d.value)} inputMode="numeric" autoComplete="one-time-code" maxLength={10} />
                </Field>
              ) : null}
              {method === 'passkey' ? (
                <Field validationMessage={errors.code}>
                  <Text>{t('stepUp.passkeyHint')}</Text>
                </Field>
              ) : null}
            </DialogContent>
            <DialogActions>
              <Button type="submit" appearance="primary" disabled={busy} icon={busy ? <Spinner size="tiny" /> : undefined}>
                {t('stepUp.verify')}
              </Button>
              <Button onClick={() => onDone(false)} disabled={busy}>
                {t('stepUp.cancel')}
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
