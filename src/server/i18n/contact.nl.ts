import type { contactEn } from './contact.en.js';

/** Nederlandse teksten van het bericht over gewijzigde contactgegevens (checklist N4): een beheerder wijzigde adressen of nummers. */
export const contactNl: Record<keyof typeof contactEn, string> = {
  'mail.contact_changed.subject': 'De contactgegevens van uw {organization}-account zijn gewijzigd',
  'mail.contact_changed.body':
    'Een beheerder heeft op {time} de contactgegevens van uw account {account} gewijzigd: {fields}. Codes en koppelingen voor het opnieuw instellen van uw wachtwoord die vóór de wijziging zijn verzonden, werken niet meer.',
  'mail.contact_changed.old_and_new': 'We hebben dit bericht verzonden naar de adressen van uw account van vóór en na de wijziging.',
  'mail.contact_changed.field.mail': 'e-mailadres',
  'mail.contact_changed.field.otherMails': 'alternatieve e-mailadressen',
  'mail.contact_changed.field.mobilePhone': 'mobiele telefoon',
  'mail.contact_changed.field.businessPhones': 'telefoonnummers op kantoor',
  'sms.contact_changed':
    '{organization}: een beheerder heeft het mobiele nummer van uw account gewijzigd. Verwachtte u dit niet, neem dan contact op met uw helpdesk.',
};
