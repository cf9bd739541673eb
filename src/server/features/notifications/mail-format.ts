import type { Locale } from '../../i18n/index.js';

/** A time as mail shows it: in UTC and in the organisation's time zone. */
export function times(isoTime: string, locale: Locale, timeZone: string): { timeUtc: string; timeLocal: string; timeZone: string } {
  const date = new Date(isoTime);
  const fmt = (zone: string) =>
    new Intl.DateTimeFormat(locale === 'nl' ? 'nl-NL' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: zone }).format(date);
  return { timeUtc: fmt('UTC'), timeLocal: fmt(timeZone), timeZone };
}

export function str(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}
