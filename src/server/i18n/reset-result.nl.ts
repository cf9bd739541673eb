import type { resetResultEn } from './reset-result.en.js';

/** Nederlandse teksten van "Het wachtwoord e-mailen naar de volgende ontvangers" (issue 13). */
export const resetResultNl: Record<keyof typeof resetResultEn, string> = {
  'reset_email.refused': 'Het wachtwoord kan niet naar deze ontvangers worden ge-e-maild. Er is niets gewijzigd.',
  'reset_email.invalid_address': '\u201c{address}\u201d is geen geldig e-mailadres.',
  'reset_email.too_many': 'U kunt het wachtwoord naar maximaal {maximum} ontvangers e-mailen.',
  'reset_email.recipient_is_user': 'Het wachtwoord kan niet naar {address} worden ge-e-maild: dat adres is van de gebruiker van wie het wachtwoord is.',
  'reset_email.domain_not_verified':
    'Het wachtwoord kan alleen worden ge-e-maild naar adressen in de geverifieerde domeinen van uw organisatie; {domain} hoort daar niet bij.',
  'mail.reset_result.subject': '{organization}: nieuw wachtwoord voor {account}',
  'mail.reset_result.body': '{admin} heeft het wachtwoord van {name} opnieuw ingesteld en ons gevraagd u het nieuwe wachtwoord te sturen.',
  'mail.reset_result.account': 'Gebruikersnaam: {account}',
  'mail.reset_result.password': 'Wachtwoord: {password}',
  'mail.reset_result.must_change': 'De gebruiker moet een nieuw wachtwoord kiezen bij de eerste aanmelding hiermee.',
  'mail.reset_result.keep_safe': 'Geef het wachtwoord op een veilige manier aan de gebruiker en verwijder daarna dit bericht.',
};
