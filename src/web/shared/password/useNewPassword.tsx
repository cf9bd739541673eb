import { useCallback, useRef, useState } from 'react';
import type { ReactElement, RefObject } from 'react';
import type { PasswordCheckResult } from '../../../shared/password-check.js';
import type { ApiError } from '../api';
import { PasswordIssues, isDirectoryRefusal } from './PasswordIssues';

/** The messages of the checks made before a submit (each form words them its own way). */
export interface NewPasswordMessages {
  required: string;
  /** Without these two there is no confirmation box (an admin typing a password for a user). */
  confirmRequired?: string;
  mismatch?: string;
}

export interface NewPasswordErrors {
  password?: ReactElement | string;
  confirm?: string;
}

export interface NewPasswordState {
  password: string;
  confirm: string;
  /** Typing clears the field's error. */
  changePassword: (value: string) => void;
  changeConfirm: (value: string) => void;
  errors: NewPasswordErrors;
  setErrors: (errors: NewPasswordErrors) => void;
  withConfirm: boolean;
  messages: NewPasswordMessages;
  /** The problem codes of the last refused submit: shown next to the field, so not repeated by the live feedback. */
  submittedCodes: string[];
  /** The live check's answer for the current password (null while checking or offline). */
  check: PasswordCheckResult | null;
  onCheck: (result: PasswordCheckResult | null) => void;
  passwordRef: RefObject<HTMLInputElement | null>;
  confirmRef: RefObject<HTMLInputElement | null>;
  /**
   * Before a submit: marks an empty password and a missing or different confirmation; true when
   * both are fine. With `focus` (default) the first marked box gets the focus.
   */
  validate: (focus?: boolean) => boolean;
  /** After the server refused the password: its reasons (default: all the problem's issues) next to the box. */
  reject: (err: ApiError, issues?: ApiError['issues'], focus?: boolean) => void;
}

/** The state behind {@link NewPasswordFields}: the new password, its confirmation and their errors. */
export function useNewPassword(messages: NewPasswordMessages): NewPasswordState {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<NewPasswordErrors>({});
  const [submittedCodes, setSubmittedCodes] = useState<string[]>([]);
  const [check, setCheck] = useState<PasswordCheckResult | null>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);
  const onCheck = useCallback((result: PasswordCheckResult | null) => setCheck(result), []);
  const withConfirm = messages.confirmRequired !== undefined;

  const validate = (focus = true): boolean => {
    const found: NewPasswordErrors = {};
    if (!password) found.password = messages.required;
    if (withConfirm && !confirm) found.confirm = messages.confirmRequired;
    else if (withConfirm && password && confirm !== password) found.confirm = messages.mismatch;
    setErrors(found);
    if (focus && found.password) passwordRef.current?.focus();
    else if (focus && found.confirm) confirmRef.current?.focus();
    return !found.password && !found.confirm;
  };

  const reject = (err: ApiError, issues = err.issues, focus = true) => {
    setSubmittedCodes([err.code, ...err.issues.map((i) => i.code)]);
    setErrors({ password: <PasswordIssues issues={issues} title={err.title} directory={isDirectoryRefusal(err)} /> });
    if (focus) passwordRef.current?.focus();
  };

  return {
    password,
    confirm,
    changePassword: (value) => {
      setPassword(value);
      setErrors((e) => (e.password ? { ...e, password: undefined } : e));
    },
    changeConfirm: (value) => {
      setConfirm(value);
      setErrors((e) => (e.confirm ? { ...e, confirm: undefined } : e));
    },
    errors,
    setErrors,
    withConfirm,
    messages,
    submittedCodes,
    check,
    onCheck,
    passwordRef,
    confirmRef,
    validate,
    reject,
  };
}
