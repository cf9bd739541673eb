import type { Locale } from '../../i18n/index.js';

/**
 * A time as mail shows it: once, in the reader's time zone, with the zone named — "6 December 2026
 * at 07:34 (Central European Standard Time)", "6 december 2026 om 07:34 (Midden-Europese
 * standaardtijd)"; UTC as "(UTC)". Users have no time zone of their own, so the reader's zone is
 * the organisation's (`timeZone` in the configuration, UTC by default).
 */
export function times(isoTime: string, locale: Locale, timeZone: string): { time: string } {
  return { time: mailTime(new Date(isoTime), locale, timeZone) };
}

export function mailTime(date: Date, locale: Locale, timeZone: string): string {
  const utc = /^(Etc\/)?(UTC|UCT|Zulu|Universal|GMT0?|Greenwich)$/i.test(timeZone);
  const parts = new Intl.DateTimeFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone,
    timeZoneName: utc ? 'short' : 'long',
  }).formatToParts(date);
  const zone = parts.find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
  const rest = parts
    .filter((p) => p.type !== 'timeZoneName')
    .map((p) => p.value)
    .join('')
    .trim();
  return `${rest} (${utc ? 'UTC' : zone})`;
}

export function str(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}
