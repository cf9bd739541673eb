/**
 * The catalogue of stable error codes. Each code has one HTTP status, one line in
 * docs/errors.md and a title in every locale (src/server/i18n); catalog.test.ts enforces all three.
 */
export const errorCodes = {
  'request.validation_failed': 400,
  'request.malformed': 400,
  'request.bad_url': 400,
  'request.too_large': 413,
  'request.unsupported_media_type': 415,
  'request.not_found': 404,
  'request.method_not_allowed': 405,
  'request.rate_limited': 429,
  'auth.invalid_credentials': 401,
  'auth.unauthenticated': 401,
  'auth.csrf_failed': 403,
  'auth.password_change_required': 403,
  'auth.forbidden': 403,
  'users.not_found': 404,
  'users.upn_taken': 409,
  'users.mail_taken': 409,
  'users.invalid_domain': 400,
  'users.reset_not_permitted': 403,
  'users.cannot_reset_self': 403,
  'users.no_alternate_email': 400,
  'users.last_global_admin': 409,
  'links.invalid': 400,
  'groups.not_found': 404,
  'jobs.not_found': 404,
  'roles.not_found': 404,
  'roles.assignment_not_permitted': 403,
  'roles.assignment_not_found': 404,
  'sessions.not_found': 404,
  'security_info.method_not_available': 400,
  'security_info.method_not_found': 404,
  'security_info.code_invalid': 400,
  'security_info.verification_expired': 400,
  'security_info.answers_invalid': 400,
  'sspr.settings_invalid': 400,
  'recovery.captcha_invalid': 400,
  'recovery.flow_not_found': 404,
  'recovery.flow_expired': 410,
  'recovery.method_not_offered': 400,
  'recovery.questions_need_other_method': 400,
  'recovery.step_not_allowed': 409,
  'recovery.code_invalid': 400,
  'recovery.answers_invalid': 400,
  'recovery.locked': 429,
  'password.rejected': 400,
  'password.conflict': 409,
  'server.busy': 503,
  'server.not_ready': 503,
  'server.unavailable': 503,
  'server.internal': 500,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof errorCodes;

export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(errorCodes, code);
}
