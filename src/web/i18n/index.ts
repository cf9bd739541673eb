import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import nl from './nl.json';
import portalEn from './portal.en.json';
import portalNl from './portal.nl.json';
import securityInfoEn from './security-info.en.json';
import securityInfoNl from './security-info.nl.json';
import mfaEn from './mfa.en.json';
import mfaNl from './mfa.nl.json';
import passkeysEn from './passkeys.en.json';
import passkeysNl from './passkeys.nl.json';
import stepUpEn from './step-up.en.json';
import stepUpNl from './step-up.nl.json';

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

export function currentLanguage(): Language {
  return isLanguage(i18n.language) ? i18n.language : 'en';
}

/** Applies a language to i18next and `<html lang>`. Does not persist it. */
export async function applyLanguage(lang: Language): Promise<void> {
  document.documentElement.lang = lang;
  if (i18n.language !== lang) await i18n.changeLanguage(lang);
}

export async function initI18n(): Promise<typeof i18n> {
  const lang = storedLanguage() ?? browserLanguage();
  await i18n.use(initReactI18next).init({
    // Feature catalogues have their own top-level keys; they are merged into one namespace.
    resources: {
      en: { translation: { ...en, ...portalEn, ...securityInfoEn, ...mfaEn, ...passkeysEn, ...stepUpEn } },
      nl: { translation: { ...nl, ...portalNl, ...securityInfoNl, ...mfaNl, ...passkeysNl, ...stepUpNl } },
    },
    lng: lang,
    fallbackLng: 'en',
    supportedLngs: LANGUAGES,
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  });
  document.documentElement.lang = lang;
  return i18n;
}

export default i18n;
