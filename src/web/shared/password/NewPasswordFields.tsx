import { Field } from '@fluentui/react-components';
import type { PasswordRules } from '../../../shared/password-rules.js';
import { PasswordFeedback } from './PasswordFeedback';
import { PasswordInput } from './PasswordInput';
import type { PasswordCheckSource } from './usePasswordCheck';
import type { NewPasswordState } from './useNewPassword';

interface Props {
  /** From {@link useNewPassword}. */
  state: NewPasswordState;
  label: string;
  /** The confirmation's label, when the state has one. */
  confirmLabel?: string;
  /** The live feedback's id, for `aria-describedby` (unique in the page). */
  feedbackId: string;
  autoFocus?: boolean;
  /** A hidden username box, so password managers file the new password under the right account. */
  username?: string;
  /** Say "the passwords don't match" as soon as the confirmation loses the focus, not only on submit. */
  mismatchOnBlur?: boolean;
  /** How the live feedback checks: see {@link PasswordFeedback}. */
  userId?: string;
  offlineRules?: PasswordRules;
  source?: PasswordCheckSource;
}

/**
 * The new password (with the live rule checklist, strength meter and the server's problems) and
 * its confirmation: one block for Change password, the forced change, /set-password, the reset
 * portal and an admin's chosen password.
 */
export function NewPasswordFields({ state, label, confirmLabel, feedbackId, autoFocus, username, mismatchOnBlur, userId, offlineRules, source }: Props) {
  const {
    password,
    confirm,
    errors,
    check,
    passwordRef,
    confirmRef,
    changePassword,
    changeConfirm,
    onCheck,
    submittedCodes,
    setErrors,
    messages,
    withConfirm,
  } = state;
  const rejected = !!check && !check.accepted && password.length > 0;
  return (
    <>
      {username !== undefined ? <input type="text" name="username" autoComplete="username" value={username} readOnly hidden /> : null}
      <Field label={label} required validationMessage={errors.password} validationState={errors.password ? 'error' : rejected ? 'warning' : 'none'}>
        <PasswordInput
          ref={passwordRef}
          name="new-password"
          autoComplete="new-password"
          value={password}
          aria-describedby={feedbackId}
          onValueChange={changePassword}
          autoFocus={autoFocus}
        />
      </Field>
      <PasswordFeedback
        password={password}
        id={feedbackId}
        onResult={onCheck}
        hideCodes={errors.password ? submittedCodes : []}
        userId={userId}
        offlineRules={offlineRules}
        source={source}
      />
      {withConfirm ? (
        <Field label={confirmLabel} required validationMessage={errors.confirm}>
          <PasswordInput
            ref={confirmRef}
            name="confirm-password"
            autoComplete="new-password"
            value={confirm}
            onValueChange={changeConfirm}
            onBlur={
              mismatchOnBlur
                ? () => {
                    if (confirm && password && confirm !== password) setErrors({ ...errors, confirm: messages.mismatch });
                  }
                : undefined
            }
          />
        </Field>
      ) : null}
    </>
  );
}
