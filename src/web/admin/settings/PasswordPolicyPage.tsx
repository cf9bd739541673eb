import { Checkbox, Field, MessageBar, MessageBarBody, RadioGroup, Spinner, Switch } from '@fluentui/react-components';
import { useTranslation } from 'react-i18next';
import { ErrorBar } from '../../shared/ErrorBar';
import { hasPermission, useMe } from '../../shared/session';
import { PERMISSIONS } from '../../../shared/roles.js';
import type { PasswordPolicySettings } from '../../../shared/settings.js';
import type { PolicyProfile } from '../../../shared/password-rules.js';
import { SettingsPage, useSettingsTitle } from './SettingsPage';
import { HintedRadio, NumberSettings, SettingsCard, useSettingsStyles } from './settingsParts';
import { SettingsSaveBar } from './SettingsSaveBar';
import { useSettingsForm } from './useSettingsForm';

export const passwordPolicyKey = ['settings', 'password-policy'] as const;

type Draft = Omit<PasswordPolicySettings, 'historyCount' | 'expiration'> & {
  historyCount: number | null;
  expiration: { neverExpire: boolean; validityDays: number | null; notificationDays: number | null };
};

const FIELDS = ['profile', 'historyCount', 'mfaRequired', 'expiration.neverExpire', 'expiration.validityDays', 'expiration.notificationDays'];
const WHOLE_NUMBER = 'settings.wholeNumber';

const PATH = '/admin/settings/security';

/**
 * Admin centre > Settings > Password policy (issue 13 item 7: no longer "Org settings > Security &
 * privacy", the name of the employee's own page): the password policy (profile, history, MFA for
 * NIST) and the password expiration policy. `settings:password-policy` edits
 * everything; `settings:password-expiry` alone (User Administrator) only the expiration policy.
 */
export function PasswordPolicyPage() {
  const { t } = useTranslation();
  const styles = useSettingsStyles();
  const title = useSettingsTitle(PATH);
  const { data: me } = useMe();
  const readOnly = !hasPermission(me, PERMISSIONS.passwordPolicy);
  const form = useSettingsForm<PasswordPolicySettings, Draft>({
    queryKey: passwordPolicyKey,
    path: '/settings/password-policy',
    toDraft: (settings) => structuredClone(settings),
    toSettings: (draft) => draft as PasswordPolicySettings,
    check: (d) => ({
      historyCount: d.historyCount === null && WHOLE_NUMBER,
      'expiration.validityDays': d.expiration.validityDays === null && WHOLE_NUMBER,
      'expiration.notificationDays': d.expiration.notificationDays === null && WHOLE_NUMBER,
    }),
  });
  const { query: policy, draft, update, msg } = form;
  const expiration = (change: Partial<Draft['expiration']>) => update((x) => ({ ...x, expiration: { ...x.expiration, ...change } }));

  return (
    <SettingsPage path={PATH}>
      {policy.isError ? <ErrorBar error={policy.error} onRetry={() => void policy.refetch()} /> : null}
      {policy.isPending || !draft ? (
        policy.isError ? null : (
          <Spinner label={t('app.loading')} />
        )
      ) : (
        <form className={styles.form} onSubmit={form.submit} noValidate aria-label={title}>
          <SettingsCard headingId="policy-heading" title={t('policy.heading')} description={t('policy.description')}>
            {readOnly ? (
              <MessageBar intent="info" layout="multiline" data-testid="policy-read-only">
                <MessageBarBody>{t('policy.readOnly')}</MessageBarBody>
              </MessageBar>
            ) : null}
            <Field label={t('policy.profile')} validationMessage={msg('profile')}>
              <RadioGroup value={draft.profile} disabled={readOnly} onChange={(_, d) => update((x) => ({ ...x, profile: d.value as PolicyProfile }))}>
                {(['entra', 'nist'] as const).map((profile) => (
                  <HintedRadio
                    key={profile}
                    value={profile}
                    label={t(`policy.${profile}`)}
                    hint={profile === 'entra' ? t('policy.entraHint') : t('policy.nistHint')}
                    hintId={`profile-${profile}-hint`}
                  />
                ))}
              </RadioGroup>
            </Field>
            {draft.profile === 'nist' ? (
              <Field validationMessage={msg('mfaRequired')} hint={t('policy.mfaHint')}>
                <Switch
                  checked={draft.mfaRequired}
                  disabled={readOnly}
                  label={t('policy.mfaRequired')}
                  onChange={(_, d) => update((x) => ({ ...x, mfaRequired: d.checked }))}
                />
              </Field>
            ) : null}
            <NumberSettings
              settings={[{ field: 'historyCount', label: t('policy.history'), hint: t('policy.historyHint'), min: 0, max: 24 }]}
              disabled={readOnly}
              values={draft}
              msg={msg}
              onChange={(change) => update((x) => ({ ...x, ...change }))}
            />
          </SettingsCard>

          <SettingsCard headingId="expiry-heading" title={t('policy.expiryHeading')} description={t('policy.expiryDescription')}>
            <Field validationMessage={msg('expiration.neverExpire')}>
              <Checkbox
                checked={draft.expiration.neverExpire}
                label={t('policy.neverExpire')}
                onChange={(_, d) => expiration({ neverExpire: d.checked === true })}
              />
            </Field>
            <div className={styles.numbers}>
              <NumberSettings
                settings={[
                  { field: 'validityDays', label: t('policy.validityDays'), hint: t('policy.validityHint'), min: 14, max: 730 },
                  { field: 'notificationDays', label: t('policy.notificationDays'), hint: t('policy.notificationHint'), min: 1, max: 30 },
                ]}
                disabled={draft.expiration.neverExpire}
                values={draft.expiration}
                msg={(field) => msg(`expiration.${field}`)}
                onChange={expiration}
              />
            </div>
          </SettingsCard>

          <SettingsSaveBar form={form} shownPaths={(p) => FIELDS.includes(p)} />
        </form>
      )}
    </SettingsPage>
  );
}
