import { recoveryEn } from './recovery.en.js';
import { smsEn } from './sms.en.js';
import { passkeysEn } from './passkeys.en.js';
import { breachedEn } from './breached.en.js';
import { mfaEn } from './mfa.en.js';
import { contactEn } from './contact.en.js';
import { resetResultEn } from './reset-result.en.js';
import { directorySyncEn } from './directory-sync.en.js';
import { directoryEn } from './directory.en.js';
import { appsEn } from './apps.en.js';
import { graphPasswordsEn } from './graph-passwords.en.js';
import { graphRolesEn } from './graph-roles.en.js';
import { oauthPagesEn } from './oauth-pages.en.js';

/** English server messages: problem titles (keyed by error code) and issue messages. */
export const en = {
  ...recoveryEn,
  ...smsEn,
  ...passkeysEn,
  ...breachedEn,
  ...mfaEn,
  ...contactEn,
  ...resetResultEn,
  ...directorySyncEn,
  ...directoryEn,
  ...appsEn,
  ...graphPasswordsEn,
  ...graphRolesEn,
  ...oauthPagesEn,
  'request.validation_failed': 'Some of the information you entered isn\u2019t valid.',
  'request.malformed': 'The request could not be read. Send valid JSON.',
  'request.bad_url': "The request's address is not valid. Check its path: a part may be too long or wrongly encoded.",
  'request.too_large': 'The request is too large.',
  'request.unsupported_media_type': 'This content type isn\u2019t supported. Send application/json.',
  'request.not_found': 'There is nothing at this address.',
  'request.method_not_allowed': 'This method isn\u2019t allowed here.',
  'request.rate_limited': 'Too many attempts. Wait {seconds} seconds and try again.',
  'auth.invalid_credentials': 'Your account or password is incorrect. If you don\u2019t remember your password, reset it now.',
  'auth.unauthenticated': 'You need to sign in first.',
  'auth.csrf_failed': 'This request could not be verified. Reload the page and try again.',
  'auth.password_change_required': 'You need to change your password before you can continue.',
  'auth.forbidden': 'You don\u2019t have permission to do this.',
  'auth.step_up_required': 'Verify your identity to continue: this action needs a fresh sign-in proof.',
  'users.not_found': 'We couldn\u2019t find that user.',
  'users.upn_taken': 'Another user already has this username.',
  'users.mail_taken': 'Another user already signs in with this email address, as their username or their email.',
  'users.invalid_domain': 'The domain {domain} isn\u2019t one of your organisation\u2019s domains.',
  'users.reset_not_permitted': 'Your admin role doesn\u2019t let you reset the password of this user.',
  'users.cannot_reset_self': 'You can\u2019t reset your own password here. Change it in My account > Security & privacy.',
  'users.no_alternate_email': 'This user has no alternate email address to send a link to.',
  'users.last_global_admin': 'The organisation must keep at least one Global Administrator.',
  'links.invalid': 'This link isn\u2019t valid any more: it was used, it expired, or the password was changed since. Ask your administrator for a new one.',
  'groups.not_found': 'We couldn\u2019t find that group.',
  'jobs.not_found': 'We couldn\u2019t find that job.',
  'roles.not_found': 'There is no such role.',
  'roles.assignment_not_permitted': 'Only Privileged Role Administrators and Global Administrators can assign or remove admin roles.',
  'roles.assignment_not_found': 'This user doesn\u2019t have that role.',
  'sessions.not_found': 'We couldn\u2019t find that session.',
  'server.busy': 'The service is busy. Try again in a few seconds.',
  'server.not_ready': 'The service isn\u2019t ready yet. Try again shortly.',
  'server.unavailable': 'The service can\u2019t reach its database right now. Try again in a few seconds.',
  'server.internal': 'Something went wrong on our side. Try again later.',

  'password.rejected': 'This password can\u2019t be used. Choose another one.',
  'password.conflict': 'Your password was changed somewhere else at the same time. Sign in again and try once more.',
  'password.too_short': 'Your password must have at least {minimum} characters.',
  'password.too_long': 'Your password can have at most {maximum} characters.',
  'password.invalid_characters':
    'Your password contains characters that aren\u2019t allowed ({characters}). Use letters A\u2013Z, digits, spaces and the symbols @ # $ % ^ & * - _ ! + = [ ] { } | \\ : \' , . ? / ` ~ " ( ) ; < >',
  'password.complexity': 'Your password must contain at least {minimum} of these: lowercase letters, uppercase letters, digits and symbols.',
  'password.banned': 'We\u2019ve seen that password too many times before. Choose something harder to guess.',
  'password.banned_custom':
    'Unfortunately, you can\u2019t use that password because it contains words or characters that have been blocked by your administrator. Please try again with a different password.',
  'password.contains_personal_info':
    'Choose a password that\u2019s harder for people to guess: don\u2019t use your name, your username or your organisation\u2019s name.',
  'password.same_as_current': 'Your new password must be different from your current password.',
  'password.recently_used': 'You\u2019ve used this password recently. Choose one you haven\u2019t used before.',
  'banned.term_too_short': 'Each banned password must have at least {minimum} characters.',
  'banned.term_too_long': 'Each banned password can have at most {maximum} characters.',
  'banned.too_many_terms': 'The list can have at most {maximum} banned passwords.',
  'banned.term_duplicate': 'This banned password is already in the list (letters are compared without case and common substitutions such as 0 for o).',

  'field.required': 'This field is required.',
  'field.invalid': 'This value isn\u2019t valid.',
  'field.invalid_type': 'Expected {expected}.',
  'field.too_short': 'Enter at least {minimum} characters.',
  'field.too_long': 'Enter at most {maximum} characters.',
  'field.too_small': 'Enter a value of at least {minimum}.',
  'field.too_big': 'Enter a value of at most {maximum}.',
  'field.invalid_format': 'This value doesn\u2019t have the right format.',
  'field.invalid_option': 'Choose one of: {options}.',
  'field.unknown_key': 'This field isn\u2019t recognised.',
  'field.invalid_email': 'Enter a valid email address.',
  'field.invalid_upn':
    'Enter a username like name@contoso.example: letters, digits and \u2019 . - _ ! # ^ ~ before the @, at most 64 characters before and 48 after it.',
  'field.invalid_phone': 'Enter a phone number in international form, such as +31 20 123 4567.',

  'mail.greeting': 'Hello {name},',
  'mail.password_changed.subject': 'Your {organization} password was changed',
  'mail.password_changed.body': 'The password of your account {account} was changed on {time}.',
  'mail.detail.device': 'Device: {device}',
  'mail.detail.ip': 'IP address: {ip}',
  'mail.detail.unknown': 'unknown',
  'mail.if_you': 'If this was you, you don\u2019t need to do anything.',
  'mail.not_you_url': 'If this wasn\u2019t you, reset your password now at {url} and tell your helpdesk.',
  'mail.not_you':
    'If this wasn\u2019t you, reset your password now with \u201cCan\u2019t access your account?\u201d on the sign-in page, and tell your helpdesk.',
  'mail.password_reset.subject': 'Your {organization} password was reset by an administrator',
  'mail.password_reset.body': 'An administrator reset the password of your account {account} on {time}. You received the new password from them, not by mail.',
  'mail.password_reset.must_change': 'You will be asked to choose a new password when you next sign in.',
  'mail.not_you_admin': 'If you didn\u2019t expect this, contact your helpdesk.',
  'mail.set_link.subject': 'Set your {organization} password',
  'mail.set_link.body': 'An administrator asked us to send you a link to set a new password for your account {account}. The link works once and until {time}.',
  'mail.set_link.link': 'Set your password: {url}',
  'mail.set_link.ignore': 'If you didn\u2019t expect this, don\u2019t use the link; tell your helpdesk.',
  'mail.expiry.subject': 'Your {organization} password expires in {days} days',
  'mail.expiry.body': 'The password of your account {account} expires on {time}. Change it before then in My account > Security & privacy > Password.',
  'mail.expiry.link': 'Change your password: {url}',
  'mail.footer': 'Latchkey sent this message for {organization}. Replies to it are not read.',

  'cli.first_run.title': 'Latchkey has created your organisation.',
  'cli.first_run.admin': 'Global Administrator: {upn}',
  'cli.first_run.password': 'Temporary password (shown once, must be changed at first sign-in): {password}',
  'cli.listening': 'Latchkey is running. Open {url} and sign in.',
  'cli.metrics': 'Prometheus metrics are served at {url}.',
  'cli.dev_mailbox_refused':
    'LATCHKEY_SMTP_URL: required because the configuration looks like production ({reasons}). Without it every message, reset codes and set-password links included, goes to the dev mailbox in plain text. Set LATCHKEY_SMTP_URL, or LATCHKEY_DEV_MAILBOX=true to use the dev mailbox anyway.',
} as const;

export type MessageKey = keyof typeof en;
