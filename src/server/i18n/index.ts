import { en, type MessageKey } from './en.js';
import { nl } from './nl.js';

export const locales = ['en', 'nl'] as const;
export type Locale = (typeof locales)[number];
export type { MessageKey };

export const catalogs: Record<Locale, Record<MessageKey, string>> = { en, nl };

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(en, key);
}

export function isLocale(value: unknown): value is Locale {
  return value === 'en' || value === 'nl';
}

/** Translates `key`, filling `{name}` placeholders from params; unknown keys fall back to the key itself. */
export function t(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  const template = isMessageKey(key) ? catalogs[locale][key] : key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/**
 * Picks the best supported locale from an Accept-Language header (RFC 9110 §12.5.4), honouring
 * q-values and primary subtags (nl-BE -> nl); `fallback` when nothing matches.
 */
export function negotiateLocale(header: string | undefined, fallback: Locale = 'en'): Locale {
  if (!header) return fallback;
  let best: { locale: Locale; q: number } | undefined;
  for (const part of header.slice(0, 512).split(',')) {
    const [range = '', ...params] = part.trim().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    const primary = range.trim().toLowerCase().split('-')[0];
    if (isLocale(primary) && (!best || q > best.q)) best = { locale: primary, q };
  }
  return best?.locale ?? fallback;
}
