/**
 * English texts of "Email the password to the following recipients" (issue 13, Microsoft 365 parity):
 * the problem when the recipients are refused, its issues, and the mail with one user's new password.
 */
export const resetResultEn = {
  'reset_email.refused': 'The password can\u2019t be emailed to these recipients. Nothing was changed.',
  'reset_email.invalid_address': '\u201c{address}\u201d isn\u2019t a valid email address.',
  'reset_email.too_many': 'You can email the password to at most {maximum} recipients.',
  'reset_email.recipient_is_user': 'The password can\u2019t be emailed to {address}: it belongs to the user whose password it is.',
  'reset_email.domain_not_verified':
    'The password can only be emailed to addresses in your organisation\u2019s verified domains; {domain} isn\u2019t one of them.',
  'mail.reset_result.subject': '{organization}: new password for {account}',
  'mail.reset_result.body': '{admin} reset the password of {name} and asked us to send you the new password.',
  'mail.reset_result.account': 'User name: {account}',
  'mail.reset_result.password': 'Password: {password}',
  'mail.reset_result.must_change': 'The user must choose a new password when they first sign in with it.',
  'mail.reset_result.keep_safe': 'Give the password to the user in a safe way, then delete this message.',
} as const;
