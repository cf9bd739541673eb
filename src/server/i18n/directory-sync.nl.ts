import type { directorySyncEn } from './directory-sync.en.js';

/** Nederlandse teksten van de adreslijstsynchronisatie (issue 14). */
export const directorySyncNl: Record<keyof typeof directorySyncEn, string> = {
  'directory.syncError.upn_collision': 'De gebruikersnaam is al in gebruik door een gebruiker die niet uit de adreslijst komt; dat account blijft ongemoeid.',
  'directory.syncError.upn_conflict': 'De gebruikersnaam is al in gebruik door een andere gebruiker uit de adreslijst.',
  'directory.syncError.unavailable': 'De adreslijst is niet bereikbaar.',
  'directory.syncError.misconfigured': 'De verbinding met de adreslijst is onjuist ingesteld.',
  'directory.syncError.not_configured': 'Er is geen directory ingesteld.',
  'directory.syncError.failed': 'De synchronisatie is gestopt door een onverwacht probleem; zie het serverlogboek.',

  'cli.directory_sync.not_configured':
    'Er is geen adreslijst ingesteld: stel LATCHKEY_DIRECTORY_URL en de andere adreslijstinstellingen in (docs/configuration.md).',
  'cli.directory_sync.running':
    'Er loopt al een synchronisatie (het schema van een server, of een andere latchkey directory sync); probeer het opnieuw als die klaar is.',
  'cli.directory_sync.started': '{mode} synchronisatie vanaf {url}\u2026',
  'cli.directory_sync.mode_full': 'Volledige',
  'cli.directory_sync.mode_incremental': 'Incrementele',
  'cli.directory_sync.progress': 'Gebruikers gelezen',
  'cli.directory_sync.done':
    'Synchronisatie {status}: {read} gelezen, {created} aangemaakt, {updated} bijgewerkt, {unchanged} ongewijzigd, {disabled} uitgeschakeld, {groups} groepen, {failed} mislukt.',
  'cli.directory_sync.status_succeeded': 'geslaagd',
  'cli.directory_sync.status_failed': 'mislukt',
  'cli.directory_sync.status_interrupted': 'onderbroken (wat al geschreven was, blijft bewaard)',
  'cli.directory_sync.status_running': 'bezig',
  'cli.directory_sync.errors': 'Problemen (de eerste {count}):',
  'cli.directory_sync.whole_sync': '(de hele synchronisatie)',
  'cli.directory_sync.status_connection': 'Directory: {kind} op {url}, basis {baseDn}; {users} gebruikers uit de adreslijst.',
  'cli.directory_sync.status_schedule': 'Schema: elke {minutes} minuten (minstens eens per dag een volledige synchronisatie).',
  'cli.directory_sync.status_manual': 'Schema: alleen op verzoek.',
  'cli.directory_sync.status_last': 'Laatste synchronisatie: {mode}, {status}, gestart {started} door {trigger}.',
  'cli.directory_sync.status_none': 'Er is nog geen synchronisatie geweest.',
};
