/** English texts of sign-in MFA (issue 17): problem titles, settings issues and the suspicious-activity mail (N6). */
export const mfaEn = {
  'auth.mfa_required': 'Finish signing in: verify your identity with your second method first.',
  'auth.mfa_invalid': 'That didn\u2019t work. Check the code or try your passkey again.',
  'auth.passwordless_disabled': 'Your organisation doesn\u2019t allow signing in with a passkey alone. Sign in with your password.',
  'mfa.settings_invalid': 'Some of these multifactor settings can\u2019t be used.',
  'mfa.group_not_found': 'That group doesn\u2019t exist.',
  'mail.suspicious_mfa.subject': 'Unusual sign-in activity on your {organization} account',
  'mail.suspicious_mfa.body':
    'Someone entered the right password for your account {account} but then failed the second verification step {failures} times in a row, most recently on {time}. We paused the verification step for a while.',
  'mail.suspicious_sign_in.subject': 'New sign-in to your {organization} account',
  'mail.suspicious_sign_in.body':
    'Your account {account} was signed in to from a device we haven\u2019t seen before, on {time}, after {failures} failed sign-in attempts.',
  'mail.suspicious.not_you': 'If this wasn\u2019t you, change your password now and tell your helpdesk.',

  'cli.reset_mfa.unknown_user': 'error: there is no user {upn}.',
  'cli.reset_mfa.done':
    'Reset the second factors of {upn}: {apps} authenticator app(s) and {passkeys} passkey(s) removed, {devices} remembered device(s) forgotten, every session ended. If the MFA policy asks for MFA, they register a method at their next sign-in.',
} as const;
