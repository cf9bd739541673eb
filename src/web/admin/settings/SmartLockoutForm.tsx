import { Spinner, makeStyles } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { ErrorBar } from '../../shared/ErrorBar';
import type { SmartLockoutSettings } from '../../../shared/settings.js';
import { NumberSettings, SettingsCard, useSettingsStyles } from './settingsParts';
import { useSettingsForm } from './useSettingsForm';
import type { SettingsForm } from './useSettingsForm';

export const smartLockoutKey = ['settings', 'smart-lockout'] as const;

const useStyles = makeStyles({
  spin: { width: '140px' },
});

type Draft = Omit<SmartLockoutSettings, 'lockoutThreshold' | 'lockoutDurationSeconds'> & {
  lockoutThreshold: number | null;
  lockoutDurationSeconds: number | null;
};
const FIELDS: readonly string[] = ['lockoutThreshold', 'lockoutDurationSeconds'];
/** The issue paths the card shows next to its fields. */
export const smartLockoutShown = (path: string) => FIELDS.includes(path);
const WHOLE_NUMBER = 'settings.wholeNumber';

/** The smart lockout document (`settings:lockout`); `enabled` false reads nothing. */
export function useSmartLockoutForm(enabled: boolean) {
  return useSettingsForm<SmartLockoutSettings, Draft>({
    queryKey: smartLockoutKey,
    path: '/settings/smart-lockout',
    toDraft: (settings) => ({ ...settings }),
    toSettings: (draft) => draft as SmartLockoutSettings,
    check: (d) => ({
      lockoutThreshold: d.lockoutThreshold === null && WHOLE_NUMBER,
      lockoutDurationSeconds: d.lockoutDurationSeconds === null && WHOLE_NUMBER,
    }),
    enabled,
  });
}

/**
 * Settings > Password protection > Smart lockout (`settings:lockout`): how many failed sign-ins
 * lock an account and for how long the first lockout lasts. Saved by the page's one Save; a 400's
 * issues are shown next to their fields.
 */
export function SmartLockoutCard({ form }: { form: SettingsForm<SmartLockoutSettings, Draft> }) {
  const { t } = useTranslation();
  const styles = useStyles();
  const shared = useSettingsStyles();
  const { query: settings, draft, update, msg } = form;

  if (settings.isError) return <ErrorBar error={settings.error} onRetry={() => void settings.refetch()} />;
  if (settings.isPending || !draft) return <Spinner label={t('app.loading')} />;

  return (
    <SettingsCard headingId="lockout-heading" title={t('lockout.heading')} description={t('lockout.description')}>
      <div className={shared.numbers}>
        <NumberSettings
          settings={[
            { field: 'lockoutThreshold', label: t('lockout.threshold'), hint: t('lockout.thresholdHint'), min: 1, max: 50 },
            { field: 'lockoutDurationSeconds', label: t('lockout.duration'), hint: t('lockout.durationHint'), min: 5, max: 86_400, step: 5 },
          ]}
          className={styles.spin}
          values={draft}
          msg={msg}
          onChange={(change) => update((x) => ({ ...x, ...change }))}
        />
      </div>
    </SettingsCard>
  );
}
