import { Spinner } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isLanguage, type Language } from '../../i18n';

/*
 * The App registrations pages' strings (apps.<lang>.json beside this file) load with the pages, not
 * with the sign-in page: the catalogues in src/web/i18n are all in the sign-in budget (vite.config.ts,
 * docs/web.md "First load and caching"), and these are only for Global Administrators. Only the
 * navigation's two labels are there (i18n/apps.<lang>.json).
 */

type Catalogue = Record<string, unknown>;
const files: Record<Language, () => Promise<Catalogue>> = {
  en: () => import('./apps.en.json').then((m) => m.default as Catalogue),
  nl: () => import('./apps.nl.json').then((m) => m.default as Catalogue),
};
const added = new Set<Language>();

/**
 * Renders its children once the strings of the language on screen are in i18next (merged into the
 * language's loaded catalogue); a switch of language loads the other one first.
 */
export function AppsStrings({ children }: { children: ReactNode }) {
  const { t, i18n } = useTranslation();
  const lang: Language = isLanguage(i18n.language) ? i18n.language : 'en';
  const [, setLoaded] = useState(0);
  const ready = added.has(lang);
  useEffect(() => {
    if (ready) return;
    let live = true;
    void files[lang]().then((catalogue) => {
      // Only the language on screen, whose own catalogue is already loaded (i18n/index.ts loads a language before showing it).
      if (i18n.hasResourceBundle(lang, 'translation')) {
        i18n.addResourceBundle(lang, 'translation', catalogue, true, false);
        added.add(lang);
      }
      if (live) setLoaded((n) => n + 1);
    });
    return () => {
      live = false;
    };
  }, [lang, ready, i18n]);
  return ready ? <>{children}</> : <Spinner label={t('app.loading')} />;
}
