import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

export const LANGUAGES = ['en', 'nl'] as const;
export type Language = (typeof LANGUAGES)[number];
export const STORAGE_KEY = 'latchkey.lang';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The language the user chose on this device, if any. */
export function storedLanguage(): Language | null {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : null;
  } catch {
    return null;
  }
}

export function storeLanguage(lang: Language): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Storage can be unavailable (private mode); the choice then lasts for this page only.
  }
}

function browserLanguage(): Language {
  return navigator.language.toLowerCase().startsWith('nl') ? 'nl' : 'en';
}

/** Before sign-in: the language chosen on this device (the menu), else the browser's (docs/web.md, Language). */
export function deviceLanguage(): Language {
  return storedLanguage() ?? browserLanguage();
}

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : 'en';
}

type Catalogue = Record<string, unknown>;

/**
 * The catalogues, loaded lazily: only the language on screen is fetched (one chunk per language,
 * see `codeSplitting` in vite.config.ts), not every catalogue of both languages (issue 13 item 1). Each language
 * is `<lang>.json` plus the feature catalogues `<feature>.<lang>.json`, whose top-level keys are
 * their own; they are merged into one namespace.
 */
const catalogueFiles = import.meta.glob<Catalogue>(['./*.json'], { import: 'default' });
const loaded = new Map<Language, Promise<Catalogue>>();

function catalogueLanguage(file: string): Language | null {
  const lang = /(?:^\.\/|\.)([a-z]+)\.json$/.exec(file)?.[1];
  return isLanguage(lang) ? lang : null;
}

/** The merged catalogue of one language (fetched once). */
export function loadCatalogue(lang: Language): Promise<Catalogue> {
  let catalogue = loaded.get(lang);
  if (!catalogue) {
    const files = Object.entries(catalogueFiles).filter(([file]) => catalogueLanguage(file) === lang);
    catalogue = Promise.all(files.map(([, load]) => load())).then((parts) => Object.assign({}, ...parts) as Catalogue);
    // A failed fetch (offline, a deploy replaced the chunk) may be tried again.
    catalogue.catch(() => loaded.delete(lang));
    loaded.set(lang, catalogue);
  }
  return catalogue;
}

async function ensureCatalogue(lang: Language): Promise<void> {
  if (i18n.hasResourceBundle(lang, 'translation')) return;
  i18n.addResourceBundle(lang, 'translation', await loadCatalogue(lang));
}

/** Applies a language to i18next and `<html lang>`, loading its catalogue first. Does not persist it. */
export async function applyLanguage(lang: Language): Promise<void> {
  await ensureCatalogue(lang);
  document.documentElement.lang = lang;
  if (i18n.language !== lang) await i18n.changeLanguage(lang);
}

export async function initI18n(): Promise<typeof i18n> {
  const lang = storedLanguage() ?? browserLanguage();
  const catalogue = await loadCatalogue(lang);
  await i18n.use(initReactI18next).init({
    resources: { [lang]: { translation: catalogue } },
    lng: lang,
    // Both catalogues have every key (catalog.test.ts), so nothing falls back to a language not loaded.
    fallbackLng: false,
    supportedLngs: LANGUAGES,
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  });
  document.documentElement.lang = lang;
  return i18n;
}

export default i18n;
