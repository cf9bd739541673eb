import type { MessageKey } from './en.js';
import { recoveryNl } from './recovery.nl.js';
import { smsNl } from './sms.nl.js';
import { passkeysNl } from './passkeys.nl.js';
import { breachedNl } from './breached.nl.js';
import { mfaNl } from './mfa.nl.js';
import { contactNl } from './contact.nl.js';
import { resetResultNl } from './reset-result.nl.js';
import { directorySyncNl } from './directory-sync.nl.js';
import { directoryNl } from './directory.nl.js';
import { appsNl } from './apps.nl.js';
import { graphPasswordsNl } from './graph-passwords.nl.js';
import { graphRolesNl } from './graph-roles.nl.js';
import { oauthPagesNl } from './oauth-pages.nl.js';

/** Nederlandse serverteksten; elke sleutel van en.ts moet hier staan (de compiler en catalog.test.ts bewaken dat). */
export const nl: Record<MessageKey, string> = {
  ...recoveryNl,
  ...smsNl,
  ...passkeysNl,
  ...breachedNl,
  ...mfaNl,
  ...contactNl,
  ...resetResultNl,
  ...directorySyncNl,
  ...directoryNl,
  ...appsNl,
  ...graphPasswordsNl,
  ...graphRolesNl,
  ...oauthPagesNl,
  'request.validation_failed': 'Een deel van de gegevens die u hebt ingevoerd, is niet geldig.',
  'request.malformed': 'De aanvraag kan niet worden gelezen. Verzend geldige JSON.',
  'request.bad_url': 'Het adres van de aanvraag is ongeldig. Controleer het pad: een deel is misschien te lang of verkeerd gecodeerd.',
  'request.too_large': 'De aanvraag is te groot.',
  'request.unsupported_media_type': 'Dit inhoudstype wordt niet ondersteund. Verzend application/json.',
  'request.not_found': 'Er staat niets op dit adres.',
  'request.method_not_allowed': 'Deze methode is hier niet toegestaan.',
  'request.rate_limited': 'Te veel pogingen. Wacht {seconds} seconden en probeer het opnieuw.',
  'auth.invalid_credentials': 'Uw account of wachtwoord is onjuist. Als u uw wachtwoord niet meer weet, kunt u het nu opnieuw instellen.',
  'auth.unauthenticated': 'U moet zich eerst aanmelden.',
  'auth.csrf_failed': 'Deze aanvraag kan niet worden geverifieerd. Laad de pagina opnieuw en probeer het nog eens.',
  'auth.password_change_required': 'U moet uw wachtwoord wijzigen voordat u verder kunt gaan.',
  'auth.forbidden': 'U hebt geen toestemming om dit te doen.',
  'auth.step_up_required': 'Bevestig uw identiteit om verder te gaan: voor deze actie is een recent aanmeldingsbewijs nodig.',
  'users.not_found': 'We kunnen deze gebruiker niet vinden.',
  'users.upn_taken': 'Een andere gebruiker heeft deze gebruikersnaam al.',
  'users.mail_taken': 'Een andere gebruiker meldt zich al aan met dit e-mailadres, als gebruikersnaam of als e-mailadres.',
  'users.invalid_domain': 'Het domein {domain} is geen domein van uw organisatie.',
  'users.reset_not_permitted': 'Met uw beheerdersrol kunt u het wachtwoord van deze gebruiker niet opnieuw instellen.',
  'users.cannot_reset_self': 'U kunt uw eigen wachtwoord hier niet opnieuw instellen. Wijzig het via Mijn account > Beveiliging en privacy.',
  'users.no_alternate_email': 'Deze gebruiker heeft geen alternatief e-mailadres om een koppeling naar te sturen.',
  'users.last_global_admin': 'De organisatie moet minstens \u00e9\u00e9n globale beheerder houden.',
  'links.invalid':
    'Deze koppeling is niet meer geldig: ze is al gebruikt, verlopen, of het wachtwoord is intussen gewijzigd. Vraag uw beheerder om een nieuwe.',
  'groups.not_found': 'We kunnen deze groep niet vinden.',
  'jobs.not_found': 'We kunnen deze taak niet vinden.',
  'roles.not_found': 'Deze rol bestaat niet.',
  'roles.assignment_not_permitted': 'Alleen beheerders met bevoegde rol en globale beheerders kunnen beheerdersrollen toewijzen of verwijderen.',
  'roles.assignment_not_found': 'Deze gebruiker heeft die rol niet.',
  'sessions.not_found': 'We kunnen deze sessie niet vinden.',
  'server.busy': 'De service is bezet. Probeer het over een paar seconden opnieuw.',
  'server.not_ready': 'De service is nog niet gereed. Probeer het zo opnieuw.',
  'server.unavailable': 'De service kan zijn database nu niet bereiken. Probeer het over een paar seconden opnieuw.',
  'server.internal': 'Er is aan onze kant iets misgegaan. Probeer het later opnieuw.',

  'password.rejected': 'Dit wachtwoord kan niet worden gebruikt. Kies een ander wachtwoord.',
  'password.conflict': 'Uw wachtwoord is tegelijkertijd ergens anders gewijzigd. Meld u opnieuw aan en probeer het nog een keer.',
  'password.too_short': 'Uw wachtwoord moet minstens {minimum} tekens bevatten.',
  'password.too_long': 'Uw wachtwoord mag maximaal {maximum} tekens bevatten.',
  'password.invalid_characters':
    'Uw wachtwoord bevat tekens die niet zijn toegestaan ({characters}). Gebruik letters A\u2013Z, cijfers, spaties en de symbolen @ # $ % ^ & * - _ ! + = [ ] { } | \\ : \' , . ? / ` ~ " ( ) ; < >',
  'password.complexity': 'Uw wachtwoord moet minstens {minimum} van deze soorten tekens bevatten: kleine letters, hoofdletters, cijfers en symbolen.',
  'password.banned': 'Dat wachtwoord hebben we al te vaak gezien. Kies iets wat moeilijker te raden is.',
  'password.banned_custom':
    'U kunt dat wachtwoord helaas niet gebruiken, omdat het woorden of tekens bevat die door uw beheerder zijn geblokkeerd. Probeer het opnieuw met een ander wachtwoord.',
  'password.contains_personal_info': 'Kies een wachtwoord dat moeilijker te raden is: gebruik niet uw naam, uw gebruikersnaam of de naam van uw organisatie.',
  'password.same_as_current': 'Uw nieuwe wachtwoord moet verschillen van uw huidige wachtwoord.',
  'password.recently_used': 'U hebt dit wachtwoord onlangs gebruikt. Kies een wachtwoord dat u nog niet eerder hebt gebruikt.',
  'banned.term_too_short': 'Elk verboden wachtwoord moet minstens {minimum} tekens bevatten.',
  'banned.term_too_long': 'Elk verboden wachtwoord mag maximaal {maximum} tekens bevatten.',
  'banned.too_many_terms': 'De lijst mag maximaal {maximum} verboden wachtwoorden bevatten.',
  'banned.term_duplicate':
    'Dit verboden wachtwoord staat al in de lijst (letters worden vergeleken zonder hoofdletters en met gangbare vervangingen, zoals 0 voor o).',

  'field.required': 'Dit veld is verplicht.',
  'field.invalid': 'Deze waarde is niet geldig.',
  'field.invalid_type': 'Verwacht: {expected}.',
  'field.too_short': 'Voer minstens {minimum} tekens in.',
  'field.too_long': 'Voer maximaal {maximum} tekens in.',
  'field.too_small': 'Voer een waarde van minstens {minimum} in.',
  'field.too_big': 'Voer een waarde van maximaal {maximum} in.',
  'field.invalid_format': 'Deze waarde heeft niet de juiste notatie.',
  'field.invalid_option': 'Kies een van: {options}.',
  'field.unknown_key': 'Dit veld wordt niet herkend.',
  'field.invalid_email': 'Voer een geldig e-mailadres in.',
  'field.invalid_upn':
    'Voer een gebruikersnaam in zoals naam@contoso.example: letters, cijfers en \u2019 . - _ ! # ^ ~ voor de @, maximaal 64 tekens ervoor en 48 erna.',
  'field.invalid_phone': 'Voer een telefoonnummer in internationale notatie in, zoals +31 20 123 4567.',

  'mail.greeting': 'Hallo {name},',
  'mail.password_changed.subject': 'Uw wachtwoord voor {organization} is gewijzigd',
  'mail.password_changed.body': 'Het wachtwoord van uw account {account} is gewijzigd op {time}.',
  'mail.detail.device': 'Apparaat: {device}',
  'mail.detail.ip': 'IP-adres: {ip}',
  'mail.detail.unknown': 'onbekend',
  'mail.if_you': 'Als u dit zelf was, hoeft u niets te doen.',
  'mail.not_you_url': 'Als u dit niet was, stelt u uw wachtwoord nu opnieuw in via {url} en waarschuwt u uw helpdesk.',
  'mail.not_you':
    'Als u dit niet was, stelt u uw wachtwoord nu opnieuw in met \u201cHebt u geen toegang tot uw account?\u201d op de aanmeldpagina, en waarschuwt u uw helpdesk.',
  'mail.password_reset.subject': 'Uw wachtwoord voor {organization} is opnieuw ingesteld door een beheerder',
  'mail.password_reset.body':
    'Een beheerder heeft het wachtwoord van uw account {account} opnieuw ingesteld op {time}. U hebt het nieuwe wachtwoord van de beheerder gekregen, niet per e-mail.',
  'mail.password_reset.must_change': 'Bij uw volgende aanmelding wordt u gevraagd een nieuw wachtwoord te kiezen.',
  'mail.not_you_admin': 'Als u dit niet verwachtte, neemt u contact op met uw helpdesk.',
  'mail.set_link.subject': 'Stel uw wachtwoord voor {organization} in',
  'mail.set_link.body':
    'Een beheerder heeft ons gevraagd u een koppeling te sturen waarmee u een nieuw wachtwoord instelt voor uw account {account}. De koppeling werkt \u00e9\u00e9n keer en tot {time}.',
  'mail.set_link.link': 'Stel uw wachtwoord in: {url}',
  'mail.set_link.ignore': 'Als u dit niet verwachtte, gebruikt u de koppeling niet en waarschuwt u uw helpdesk.',
  'mail.expiry.subject': 'Uw wachtwoord voor {organization} verloopt over {days} dagen',
  'mail.expiry.body':
    'Het wachtwoord van uw account {account} verloopt op {time}. Wijzig het voor die tijd via Mijn account > Beveiliging en privacy > Wachtwoord.',
  'mail.expiry.link': 'Wijzig uw wachtwoord: {url}',
  'mail.footer': 'Latchkey heeft dit bericht verzonden namens {organization}. Antwoorden op dit bericht worden niet gelezen.',

  'cli.first_run.title': 'Latchkey heeft uw organisatie gemaakt.',
  'cli.first_run.admin': 'Globale beheerder: {upn}',
  'cli.first_run.password': 'Tijdelijk wachtwoord (eenmalig getoond, moet bij de eerste aanmelding worden gewijzigd): {password}',
  'cli.listening': 'Latchkey is actief. Open {url} en meld u aan.',
  'cli.metrics': 'Prometheus-metrieken staan op {url}.',
  'cli.dev_mailbox_refused':
    'LATCHKEY_SMTP_URL: verplicht omdat de configuratie op productie lijkt ({reasons}). Zonder deze instelling gaat elk bericht, ook resetcodes en links om een wachtwoord in te stellen, als platte tekst naar het testpostvak. Stel LATCHKEY_SMTP_URL in, of LATCHKEY_DEV_MAILBOX=true om het testpostvak toch te gebruiken.',
};
