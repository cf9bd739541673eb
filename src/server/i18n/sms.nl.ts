import type { smsEn } from './sms.en.js';

/**
 * Nederlandse teksten van sms-berichten en spraakoproepen. Alleen GSM-7-tekens in sms-teksten
 * (daarom "bevestigen" en niet "verifiëren": een ë maakt van het hele bericht UCS-2).
 */
export const smsNl: Record<keyof typeof smsEn, string> = {
  'sms.recovery_code': '{organization}: uw code om uw wachtwoord opnieuw in te stellen is {code}.',
  'sms.verification_code': '{organization}: uw code om dit telefoonnummer te bevestigen is {code}.',
  'sms.voice.recovery_code': 'Dit is {organization}. Uw code om uw wachtwoord opnieuw in te stellen is {code}.',
  'sms.voice.verification_code': 'Dit is {organization}. Uw code om dit telefoonnummer te bevestigen is {code}.',
  'sms.voice.repeat': 'Ik herhaal: {code}.',
  'sms.expires.one': 'De code verloopt over 1 minuut.',
  'sms.expires.other': 'De code verloopt over {minutes} minuten.',
  'sms.do_not_share': 'Deel deze code met niemand.',
};
