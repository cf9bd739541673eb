import type { mfaEn } from './mfa.en.js';

/** Nederlandse teksten van aanmeld-MFA (issue 17). */
export const mfaNl: Record<keyof typeof mfaEn, string> = {
  'auth.mfa_required': 'Rond eerst de aanmelding af: bevestig uw identiteit met uw tweede methode.',
  'auth.mfa_invalid': 'Dat is niet gelukt. Controleer de code of probeer uw passkey opnieuw.',
  'auth.passwordless_disabled': 'Uw organisatie staat aanmelden met alleen een passkey niet toe. Meld u aan met uw wachtwoord.',
  'mfa.settings_invalid': 'Sommige van deze instellingen voor meervoudige verificatie zijn niet bruikbaar.',
  'mfa.group_not_found': 'Deze groep bestaat niet.',
  'mail.suspicious_mfa.subject': 'Ongebruikelijke aanmeldactiviteit op uw account bij {organization}',
  'mail.suspicious_mfa.body':
    'Iemand heeft het juiste wachtwoord van uw account {account} ingevoerd, maar daarna is de tweede verificatiestap {failures} keer achter elkaar mislukt, het laatst op {time}. We hebben de verificatiestap een tijdje geblokkeerd.',
  'mail.suspicious_sign_in.subject': 'Nieuwe aanmelding bij uw account van {organization}',
  'mail.suspicious_sign_in.body':
    'Er is op {time} aangemeld bij uw account {account} vanaf een apparaat dat we niet eerder hebben gezien, na {failures} mislukte aanmeldpogingen.',
  'mail.suspicious.not_you': 'Was u dit niet? Wijzig dan nu uw wachtwoord en waarschuw uw helpdesk.',

  'cli.reset_mfa.unknown_user': 'fout: er is geen gebruiker {upn}.',
  'cli.reset_mfa.done':
    'De tweede factoren van {upn} zijn opnieuw ingesteld: {apps} authenticator-app(s) en {passkeys} passkey(s) verwijderd, {devices} onthouden apparaat/apparaten vergeten, alle sessies beëindigd. Als het MFA-beleid om MFA vraagt, registreert de gebruiker bij de volgende aanmelding opnieuw een methode.',
};
