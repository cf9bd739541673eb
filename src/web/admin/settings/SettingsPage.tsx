import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Page } from '../../shared/Page';
import { SettingsBreadcrumb } from './SettingsBreadcrumb';
import { settingsLink, settingsTrail } from './settingsNav';

/**
 * A page under Admin centre > Settings, named by its nav item (settingsNav.ts): the same words in
 * the navigation, the h1, the breadcrumb's last item and the document title.
 */
export function SettingsPage({ path, subtitle, children }: { path: string; subtitle?: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Page
      title={t(settingsLink(path).label)}
      subtitle={subtitle}
      breadcrumb={<SettingsBreadcrumb items={settingsTrail(path).map((key) => ({ label: t(key) }))} />}
    >
      {children}
    </Page>
  );
}

/** The page's name (for a form's accessible name). */
export function useSettingsTitle(path: string): string {
  const { t } = useTranslation();
  return t(settingsLink(path).label);
}
