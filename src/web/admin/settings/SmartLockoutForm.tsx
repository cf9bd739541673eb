import { Spinner, makeStyles } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { ErrorBar } from '../../shared/ErrorBar';
import type { SmartLockoutSettings } from '../../../shared/settings.js';
import { NumberSettings, SettingsCard, useSettingsStyles } from './settingsParts';
import { SettingsSaveBar } from './SettingsSaveBar';
import { useSettingsForm } from './useSettingsForm';

export const smartLockoutKey = ['settings', 'smart-lockout'] as const;

const useStyles = makeStyles({
  form: { maxWidth: '760px' },
  spin: { width: '140px' },
});

type Draft = Omit<SmartLockoutSettings, 'lockoutThreshold' | 'lockoutDurationSeconds'> & {
  lockoutThreshold: number | null;
  lockoutDurationSeconds: number | null;
};
const FIELDS: readonly string[] = ['lockoutThreshold', 'lockoutDurationSeconds'];
const WHOLE_NUMBER = 'settings.wholeNumber';

/**
 * Settings > Password protection > Smart lockout (`settings:lockout`): how many failed sign-ins
 * lock an account and for how long the first lockout lasts. Its own Save; a 400's issues are shown
 * next to their fields.
 */
export function SmartLockoutForm() {
  const { t } = useTranslation();
  const styles = useStyles();
  const shared = useSettingsStyles();
  const form = useSettingsForm<SmartLockoutSettings, Draft>({
    queryKey: smartLockoutKey,
    path: '/settings/smart-lockout',
    toDraft: (settings) => ({ ...settings }),
    toSettings: (draft) => draft as SmartLockoutSettings,
    check: (d) => ({
      lockoutThreshold: d.lockoutThreshold === null && WHOLE_NUMBER,
      lockoutDurationSeconds: d.lockoutDurationSeconds === null && WHOLE_NUMBER,
    }),
  });
  const { query: settings, draft, update, msg } = form;

  if (settings.isError) return <ErrorBar error={settings.error} onRetry={() => void settings.refetch()} />;
  if (settings.isPending || !draft) return <Spinner label={t('app.loading')} />;

  return (
    <form className={styles.form} onSubmit={form.submit} noValidate aria-labelledby="lockout-heading">
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
        <SettingsSaveBar form={form} inline saveLabel={t('lockout.saveLabel')} shownPaths={(p) => FIELDS.includes(p)} />
      </SettingsCard>
    </form>
  );
}
