/** English server messages of passkeys (issue 17): problem titles and mail labels. */
export const passkeysEn = {
  'passkeys.not_found': 'We couldn\u2019t find that passkey. It may have been removed already.',
  'passkeys.registration_failed': 'The passkey couldn\u2019t be verified. It may have taken too long, or your device didn\u2019t verify you. Try again.',
  'passkeys.already_registered': 'This passkey is already registered.',
  'passkeys.limit_reached': 'You can register at most {max} passkeys. Remove one first.',
  'recovery.passkey_invalid': 'The passkey couldn\u2019t be verified. Try again, or use another method.',
  'recovery.strong_method_required':
    'Your account uses multi-factor authentication, so a reset needs your authenticator app or a passkey too. Use one of those.',
  'mail.method.passkey': 'passkey',
} as const;
