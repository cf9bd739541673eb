import { useTranslation } from 'react-i18next';

/** Whole numbers as the page's language writes them (1,000 or 1.000). */
export function useNumberFormat(): (n: number) => string {
  const { i18n } = useTranslation();
  return (n: number) => new Intl.NumberFormat(i18n.language === 'nl' ? 'nl-NL' : 'en-GB').format(n);
}
