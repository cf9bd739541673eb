import type { directoryEn } from './directory.en.js';

/** Nederlandse teksten van de adreslijstverbinding (issue 14): de adreslijst.*-probleemtitels en de issuecodes van directory.password_refused. */
export const directoryNl: Record<keyof typeof directoryEn, string> = {
  'directory.password_refused': 'De adreslijst van uw organisatie heeft dit wachtwoord niet geaccepteerd. Kies een ander wachtwoord.',
  'directory.unavailable': 'De adreslijst van uw organisatie is nu niet bereikbaar; er is niets gewijzigd. Probeer het over een paar minuten opnieuw.',
  'directory.misconfigured':
    'De verbinding met de adreslijst van uw organisatie is onjuist ingesteld; er is niets gewijzigd. Neem contact op met uw beheerder.',
  'directory.not_configured': 'Er is geen on-premises adreslijst gekoppeld.',
  'directory.sync_running': 'Er loopt al een synchronisatie met de adreslijst. Wacht tot die klaar is.',
  'directory.field_managed': 'Dit veld komt uit de adreslijst van uw organisatie en kan alleen daar worden gewijzigd.',
  'directory.user_missing': 'Deze gebruiker bestaat niet meer in de adreslijst van uw organisatie.',
  'directory.unlock_not_available': 'Dit account kan hier niet worden ontgrendeld.',

  'directory.password_too_short': 'Het wachtwoord is te kort voor de adreslijst van uw organisatie.',
  'directory.password_in_history': 'U hebt dit wachtwoord onlangs gebruikt. Kies een wachtwoord dat u nog niet eerder hebt gebruikt.',
  'directory.password_too_young': 'Uw wachtwoord is te kort geleden gewijzigd om het nu opnieuw te wijzigen. Probeer het later opnieuw.',
  'directory.password_quality': 'Het wachtwoord voldoet niet aan de complexiteitsregels van de adreslijst van uw organisatie.',
  'directory.password_constraint':
    'Het wachtwoord voldoet niet aan de wachtwoordregels van de adreslijst van uw organisatie (lengte, complexiteit of geschiedenis).',
  'directory.current_password_wrong': 'Uw huidige wachtwoord is onjuist.',
};
