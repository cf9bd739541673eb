import { useTranslation } from 'react-i18next';
import { ApiError } from './api';
import type { TFunction } from 'i18next';

export function formatDateTime(value: string | null | undefined, lang: string): string | null {
  if (!value) return null;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return null;
  return new Intl.DateTimeFormat(lang === 'nl' ? 'nl-NL' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(date);
}

export function useDateFormatter(): (value: string | null | undefined) => string | null {
  const { i18n } = useTranslation();
  return (value) => formatDateTime(value, i18n.language);
}

const DIRECTORY_MESSAGES: Record<string, string> = {
  'directory.unavailable': 'directory.unavailable',
  'directory.password_refused': 'directory.refusedTitle',
  'directory.field_managed': 'directory.managed',
};

/** The message to show for an error: the server's localised title, else a local fallback. */
export function errorMessage(err: unknown, t: TFunction): string {
  if (err instanceof ApiError) {
    if (err.status === 0) return t('app.networkError');
    // The directory's answers in the admin centre's own words (issue 14): which policy refused, and that nothing changed.
    if (Object.hasOwn(DIRECTORY_MESSAGES, err.code)) return t(DIRECTORY_MESSAGES[err.code]!);
    if (err.title) return err.title;
    if (err.status === 429) return t('app.rateLimited');
    if (err.status === 503 && err.retryAfter !== null) return t('app.busy', { seconds: err.retryAfter });
  }
  return t('app.genericError');
}
