/*
 * What a failed directory operation means for Latchkey (issue 14). Outages (refused, timed out,
 * closed, busy) are `directory.unavailable`, so callers change nothing (ARCHITECTURE: external
 * systems fail closed); a service account or certificate the directory refuses is
 * `directory.misconfigured`; a password the directory's policy refuses is
 * `directory.password_refused` with an issue naming the rule. Never puts a password or the bind
 * secret in the error (checklist AU3): only the directory's diagnostic codes.
 */
import { AppError } from '../../core/errors.js';
import type { DirectoryKind } from '../../core/directory.js';
import type { PasswordPolicyControl, PpolicyError } from './password-modify.js';

export type DirectoryPasswordIssue =
  | 'directory.password_too_short'
  | 'directory.password_in_history'
  | 'directory.password_too_young'
  | 'directory.password_quality'
  | 'directory.password_constraint'
  | 'directory.current_password_wrong';

/** Every issue code of directory.password_refused (texts in i18n directory.en/nl.ts, docs/errors.md). */
export const DIRECTORY_PASSWORD_ISSUES: DirectoryPasswordIssue[] = [
  'directory.password_too_short',
  'directory.password_in_history',
  'directory.password_too_young',
  'directory.password_quality',
  'directory.password_constraint',
  'directory.current_password_wrong',
];

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNABORTED']);
const NETWORK_TEXT =
  /Connection timeout|Operation timed out|Socket error|Connection closed|Socket connection not established|socket hang up|Client network socket disconnected/i;
/** TLS verification failures: the CA file or the server's certificate is wrong, a configuration problem, not an outage. */
const CERT_CODES = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|ERR_TLS_CERT_ALTNAME_INVALID|ERR_SSL_/;

function errCode(err: unknown): string {
  return typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
}
function errMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
/** The LDAP result code of an ldapts ResultCodeError (a number `code`), or null for anything else. */
export function ldapResultCode(err: unknown): number | null {
  const code = typeof err === 'object' && err !== null && 'code' in err ? err.code : null;
  return typeof code === 'number' ? code : null;
}

export function isCertificateFailure(err: unknown): boolean {
  return CERT_CODES.test(errCode(err)) || /certificate|self[- ]signed/i.test(errMessage(err));
}

/** Refused, reset, timed out or closed: the directory is not there (or not answering). LDAP busy (51) and unavailable (52) too. */
export function isConnectionFailure(err: unknown): boolean {
  const result = ldapResultCode(err);
  if (result === 51 || result === 52 || result === 3) return true;
  return NETWORK_CODES.has(errCode(err)) || NETWORK_TEXT.test(errMessage(err));
}

/** The issue a ppolicy control's error names, or null when it names none of the password rules. */
export function ppolicyIssue(error: PpolicyError | null): DirectoryPasswordIssue | null {
  switch (error) {
    case 'passwordTooShort':
      return 'directory.password_too_short';
    case 'passwordInHistory':
      return 'directory.password_in_history';
    case 'passwordTooYoung':
      return 'directory.password_too_young';
    case 'insufficientPasswordQuality':
      return 'directory.password_quality';
    case 'passwordModNotAllowed':
    case 'mustSupplyOldPassword':
      return 'directory.password_constraint';
    case 'passwordExpired':
    case 'accountLocked':
    case 'changeAfterReset':
    case null:
      return null;
  }
}

/**
 * The rule a refusal's diagnostic text names: OpenLDAP ppolicy's messages, Samba's and AD's
 * check_password_restrictions texts. AD's plain "0000052D … problem 5003" names none: constraint.
 */
export function textIssue(message: string): DirectoryPasswordIssue {
  if (/too short|minimum length|shorter than/i.test(message)) return 'directory.password_too_short';
  if (/history|already used|used previously|was used/i.test(message)) return 'directory.password_in_history';
  if (/too young|minimum (password )?age|too soon/i.test(message)) return 'directory.password_too_young';
  if (/quality|complexity/i.test(message)) return 'directory.password_quality';
  return 'directory.password_constraint';
}

/** AD's Win32 error in a diagnostic message: "0000052D: …" at the start, or "…, data 773, …" (bind). Lower-case hex / decimal as AD writes them. */
export function adDiagnostic(message: string): { code: string | null; data: string | null } {
  const code = /^\s*([0-9A-F]{8}):/i.exec(message)?.[1]?.toUpperCase() ?? null;
  const data = /\bdata ([0-9a-f]+)\b/i.exec(message)?.[1]?.toLowerCase() ?? null;
  return { code, data };
}

/** True when the failure is a password-policy refusal (constraint violation; AD's 0000052D even as unwillingToPerform). */
export function isPasswordRefusal(err: unknown): boolean {
  const result = ldapResultCode(err);
  if (result === 19) return true;
  return result === 53 && adDiagnostic(errMessage(err)).code === '0000052D';
}

/** AppError directory.password_refused with one issue on `newPassword` (or `currentPassword` for a wrong current password). */
export function passwordRefused(kind: DirectoryKind, issue: DirectoryPasswordIssue, cause?: unknown): AppError {
  const path = issue === 'directory.current_password_wrong' ? 'currentPassword' : 'newPassword';
  return new AppError('directory.password_refused', { issues: [{ path, code: issue }], params: { directory: kind }, cause: safeCause(cause) });
}

/**
 * Maps any failure of a directory call to the AppError callers see. `operation`: 'service' for the
 * service account's own bind and reads (a refused bind is a misconfiguration), 'password' for
 * change / reset (refusals become password_refused, using the ppolicy control when present), 'user'
 * for other writes to one user's entry; for both, a missing entry is directory.user_missing.
 */
export function toDirectoryError(
  err: unknown,
  context: { kind: DirectoryKind; operation: 'service' | 'user' | 'password'; ppolicy?: PasswordPolicyControl },
): AppError {
  if (err instanceof AppError) return err;
  if (isCertificateFailure(err)) return new AppError('directory.misconfigured', { params: { reason: 'certificate' }, cause: safeCause(err) });
  if (isConnectionFailure(err)) return new AppError('directory.unavailable', { cause: safeCause(err) });
  const result = ldapResultCode(err);
  if (context.operation === 'password' && isPasswordRefusal(err)) {
    const issue = ppolicyIssue(context.ppolicy?.error ?? null) ?? textIssue(errMessage(err));
    return passwordRefused(context.kind, issue, err);
  }
  if (context.operation === 'password' && context.ppolicy?.error && ppolicyIssue(context.ppolicy.error)) {
    return passwordRefused(context.kind, ppolicyIssue(context.ppolicy.error)!, err);
  }
  // A write to one user's entry that is not there (any more): the user was deleted in the directory.
  if (result === 32 && context.operation !== 'service') return new AppError('directory.user_missing', { cause: safeCause(err) });
  // 49 on the service bind, 50 (no right to write), 32 (base DN missing), 34 (bad DN), 48/8/13 (bind method or TLS demanded),
  // 4 (the server's size limit caps the service account's paged search: an administrator must lift it, not an outage).
  if (result !== null && [4, 8, 13, 32, 34, 48, 49, 50, 53].includes(result)) {
    return new AppError('directory.misconfigured', { params: { reason: `ldap_${result}` }, cause: safeCause(err) });
  }
  return new AppError('directory.unavailable', { cause: safeCause(err) });
}

/** The cause kept on an AppError (and so maybe logged): name, LDAP or socket code and the server's diagnostic, never more. */
function safeCause(err: unknown): Error | undefined {
  if (err === undefined) return undefined;
  const result = ldapResultCode(err);
  const code = result ?? errCode(err);
  const e = new Error(`${err instanceof Error ? err.name : 'Error'}${code ? ` (${code})` : ''}: ${errMessage(err).slice(0, 300)}`);
  e.name = 'DirectoryError';
  return e;
}
