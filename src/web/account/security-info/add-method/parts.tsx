import { Button, DialogActions, Field, Spinner } from '@fluentui/react-components';
import { forwardRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../shared/api';
import { PasswordInput } from '../../../shared/password/PasswordInput';
import type { CodeKind } from '../api';

/** Codes sent by mail, text or call have 8 digits; authenticator apps show 6. */
export const SENT_CODE_DIGITS = 8;
export const APP_CODE_DIGITS = 6;

/** The body of a start request for an address or phone, with the password typed again. */
export function startBody(kind: CodeKind, destination: string, currentPassword: string) {
  return kind === 'email' ? { address: destination.trim(), currentPassword } : { phone: destination.trim(), currentPassword };
}

/** Where a start request's error belongs: the password field, the address/phone field, or neither. */
export function startFieldErrors(err: unknown, t: (key: string) => string): { password?: string; destination?: string } | null {
  if (!(err instanceof ApiError)) return null;
  if (err.status === 401 && err.code === 'auth.invalid_credentials') return { password: t('securityInfo.passwordIncorrect') };
  if (err.status !== 400) return null;
  const out: { password?: string; destination?: string } = {};
  for (const issue of err.issues) {
    if (issue.path === 'currentPassword') out.password ??= issue.message;
    else if (issue.path === 'address' || issue.path === 'phone' || issue.code === 'field.invalid_email' || issue.code === 'field.invalid_phone')
      out.destination ??= issue.message;
  }
  if (!out.destination && (err.code === 'field.invalid_email' || err.code === 'field.invalid_phone')) out.destination = err.title;
  return out.password || out.destination ? out : null;
}

/** What every step that asks for the current password gets from the dialog (kept while it is open). */
export interface PasswordProps {
  password: string;
  onPasswordChange: (value: string) => void;
  onBack: (() => void) | undefined;
  onCancel: () => void;
}

/** The current password, typed again before a method is added or changed. */
export const CurrentPasswordField = forwardRef<
  HTMLInputElement,
  { value: string; onChange: (value: string) => void; error: string | undefined; autoFocus?: boolean }
>(function CurrentPasswordField({ value, onChange, error, autoFocus }, ref) {
  const { t } = useTranslation();
  return (
    <Field label={t('securityInfo.currentPassword')} required hint={t('securityInfo.currentPasswordHint')} validationMessage={error}>
      <PasswordInput ref={ref} autoComplete="current-password" autoFocus={autoFocus} value={value} onValueChange={onChange} />
    </Field>
  );
});

/** The step's main button (with a spinner while pending), Back when there is a way back, and Cancel. */
export function StepButtons({
  label,
  pending,
  disabled,
  onBack,
  onCancel,
}: {
  label: string;
  pending: boolean;
  disabled?: boolean;
  onBack: (() => void) | undefined;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  return (
    <DialogActions>
      <Button type="submit" appearance="primary" disabled={pending || disabled} icon={pending ? <Spinner size="tiny" /> : undefined}>
        {label}
      </Button>
      {onBack ? <Button onClick={onBack}>{t('securityInfo.back')}</Button> : null}
      <Button onClick={onCancel}>{t('securityInfo.cancel')}</Button>
    </DialogActions>
  );
}
