/** Dutch server messages of passkeys (issue 17): problem titles and mail labels. */
export const passkeysNl = {
  'passkeys.not_found': 'Deze passkey is niet gevonden. Misschien is deze al verwijderd.',
  'passkeys.registration_failed':
    'De passkey kon niet worden geverifieerd. Misschien duurde het te lang, of heeft uw apparaat u niet geverifieerd. Probeer het opnieuw.',
  'passkeys.already_registered': 'Deze passkey is al geregistreerd.',
  'passkeys.limit_reached': 'U kunt maximaal {max} passkeys registreren. Verwijder er eerst een.',
  'recovery.passkey_invalid': 'De passkey kon niet worden geverifieerd. Probeer het opnieuw of gebruik een andere methode.',
  'recovery.strong_method_required':
    'Uw account gebruikt meervoudige verificatie. Om uw wachtwoord opnieuw in te stellen, is daarom ook uw authenticator-app of een passkey nodig. Gebruik een van die twee.',
  'mail.method.passkey': 'passkey',
} as const;
