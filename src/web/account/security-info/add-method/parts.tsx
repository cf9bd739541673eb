import { Button, DialogActions, Spinner } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../shared/api';
import type { CodeKind } from '../api';

/** Codes sent by mail, text or call have 8 digits; authenticator apps show 6. */
export const SENT_CODE_DIGITS = 8;
export const APP_CODE_DIGITS = 6;

/**
 * The body of a start request for an address or phone. No password: adding security info needs a
 * fresh sign-in instead, and the API's 403 auth.step_up_required opens "Verify your identity"
 * (shared/step-up) before the request is sent again (issue 17).
 */
export function startBody(kind: CodeKind, destination: string) {
  return kind === 'email' ? { address: destination.trim() } : { phone: destination.trim() };
}

/** The address/phone field's error from a start request, or null when it belongs elsewhere. */
export function startFieldErrors(err: unknown): { destination?: string } | null {
  if (!(err instanceof ApiError) || err.status !== 400) return null;
  const out: { destination?: string } = {};
  for (const issue of err.issues) {
    if (issue.path === 'address' || issue.path === 'phone' || issue.code === 'field.invalid_email' || issue.code === 'field.invalid_phone')
      out.destination ??= issue.message;
  }
  if (!out.destination && (err.code === 'field.invalid_email' || err.code === 'field.invalid_phone')) out.destination = err.title;
  return out.destination ? out : null;
}

/** What every step gets from the dialog. */
export interface StepProps {
  onBack: (() => void) | undefined;
  onCancel: () => void;
}

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
