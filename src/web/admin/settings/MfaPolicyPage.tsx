import { Field, Input, Radio, RadioGroup, Spinner, Switch } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { ErrorBar } from '../../shared/ErrorBar';
import type { MfaSettings } from '../../../shared/settings.js';
import { SelfServiceResetGroupPicker } from './SelfServiceResetGroupPicker';
import { SettingsPage, useSettingsTitle } from './SettingsPage';
import { SettingsCard, useSettingsStyles } from './settingsParts';
import { SettingsSaveBar } from './SettingsSaveBar';
import { useSettingsForm } from './useSettingsForm';

export const mfaSettingsKey = ['settings', 'multifactor'] as const;
const PATH = '/admin/settings/multifactor';

type Draft = Omit<MfaSettings, 'rememberDeviceDays'> & { scope: 'all' | 'group'; rememberDeviceDays: string };

const toDraft = (s: MfaSettings): Draft => ({ ...s, scope: s.groupId ? 'group' : 'all', rememberDeviceDays: String(s.rememberDeviceDays) });
const toSettings = ({ scope, rememberDeviceDays, ...d }: Draft): MfaSettings => ({
  ...d,
  groupId: scope === 'group' ? d.groupId : null,
  rememberDeviceDays: rememberDeviceDays.trim() === '' ? Number.NaN : Number(rememberDeviceDays),
});

/**
 * Admin centre > Settings > Multifactor authentication (`settings:mfa`; issue 17), as Entra's
 * security defaults and per-group settings: administrators, everyone or one group, remembered
 * devices and passwordless passkeys. One Save sends the whole object.
 */
export function MfaPolicyPage() {
  const { t } = useTranslation();
  const shared = useSettingsStyles();
  const form = useSettingsForm<MfaSettings, Draft>({
    queryKey: mfaSettingsKey,
    path: '/settings/multifactor',
    toDraft,
    toSettings,
    check: (d) => ({ rememberDeviceDays: !/^\d{1,3}$/.test(d.rememberDeviceDays.trim()) && 'mfaPolicy.rememberHint' }),
  });
  const { query: settings, draft, update, msg } = form;
  const title = useSettingsTitle(PATH);

  return (
    <SettingsPage path={PATH} subtitle={t('mfaPolicy.subtitle')}>
      {settings.isError ? <ErrorBar error={settings.error} onRetry={() => void settings.refetch()} /> : null}
      {settings.isPending || !draft ? (
        settings.isError ? null : (
          <Spinner label={t('app.loading')} />
        )
      ) : (
        <form className={shared.form} onSubmit={form.submit} noValidate aria-label={title}>
          <SettingsCard headingId="mfa-who-heading" title={t('mfaPolicy.whoHeading')}>
            <Field label={t('mfaPolicy.administrators')} validationMessage={msg('administrators')}>
              <RadioGroup value={draft.administrators} onChange={(_, d) => update((x) => ({ ...x, administrators: d.value as Draft['administrators'] }))}>
                <Radio value="required" label={t('mfaPolicy.administratorsRequired')} />
                <Radio value="optional" label={t('mfaPolicy.administratorsOptional')} />
              </RadioGroup>
            </Field>
            <Field label={t('mfaPolicy.everyone')} validationMessage={msg('everyone')}>
              <RadioGroup value={draft.everyone} onChange={(_, d) => update((x) => ({ ...x, everyone: d.value as Draft['everyone'] }))}>
                <Radio value="off" label={t('mfaPolicy.everyoneOff')} />
                <Radio value="optional" label={t('mfaPolicy.everyoneOptional')} />
                <Radio value="required" label={t('mfaPolicy.everyoneRequired')} />
              </RadioGroup>
            </Field>
            <Field label={t('mfaPolicy.scope')}>
              <RadioGroup value={draft.scope} onChange={(_, d) => update((x) => ({ ...x, scope: d.value as Draft['scope'] }))}>
                <Radio value="all" label={t('mfaPolicy.scopeAll')} />
                <Radio value="group" label={t('mfaPolicy.scopeGroup')} />
              </RadioGroup>
            </Field>
            {draft.scope === 'group' ? (
              <SelfServiceResetGroupPicker
                groupId={draft.groupId}
                onChange={(groupId) => update((x) => ({ ...x, groupId }))}
                validationMessage={msg('groupId')}
              />
            ) : null}
          </SettingsCard>
          <SettingsCard headingId="mfa-devices-heading" title={t('mfaPolicy.devicesHeading')}>
            <Field label={t('mfaPolicy.rememberDays')} hint={t('mfaPolicy.rememberHint')} validationMessage={msg('rememberDeviceDays')}>
              <Input
                type="number"
                min={0}
                max={365}
                value={draft.rememberDeviceDays}
                onChange={(_, d) => update((x) => ({ ...x, rememberDeviceDays: d.value }))}
              />
            </Field>
            <Field hint={t('mfaPolicy.passwordlessHint')} validationMessage={msg('passwordless')}>
              <Switch
                checked={draft.passwordless}
                label={t('mfaPolicy.passwordless')}
                onChange={(_, d) => update((x) => ({ ...x, passwordless: d.checked }))}
              />
            </Field>
          </SettingsCard>
          <SettingsSaveBar form={form} />
        </form>
      )}
    </SettingsPage>
  );
}
