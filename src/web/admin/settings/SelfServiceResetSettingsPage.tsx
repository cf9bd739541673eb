import { Field, Input, MessageBar, MessageBarBody, RadioGroup, Spinner, Switch } from '@fluentui/react-components';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ProblemIssue } from '../../shared/api';
import { ErrorBar } from '../../shared/ErrorBar';
import type { SsprSettings } from '../../../shared/settings.js';
import { SelfServiceResetGroupPicker } from './SelfServiceResetGroupPicker';
import { SettingsPage, useSettingsTitle } from './SettingsPage';
import { HintedRadio, NumberSettings, SettingsCard, useSettingsStyles } from './settingsParts';
import { SettingsSaveBar } from './SettingsSaveBar';
import { MethodsCard, useSsprStyles } from './sspr/MethodsCard';
import { checkDraft, questionRows, toDraft, toSettings } from './sspr/ssprDraft';
import type { Draft } from './sspr/ssprDraft';
import { useSettingsForm } from './useSettingsForm';

export const ssprSettingsKey = ['settings', 'self-service-password-reset'] as const;
/** Settings > Self-service password reset: a sibling of the other settings pages, as in the nav. */
const PATH = '/admin/settings/self-service-password-reset';

const SHOWN_ALWAYS = ['enabledFor', 'methodsRequired', 'requireRegistration', 'notifyUsers', 'notifyAdmins', 'customHelpdesk', 'allowUnlockWithoutReset'];

/**
 * Admin centre > Settings > Self-service password reset (`settings:sspr`), as Entra's Password
 * reset blade: who may use it, the methods and how many are needed, security questions,
 * registration, notifications and the helpdesk link. One Save sends the whole object; a 400's
 * issues are shown next to their fields.
 */
export function SelfServiceResetSettingsPage() {
  const { t } = useTranslation();
  const styles = useSsprStyles();
  const shared = useSettingsStyles();
  // Which row each sent question came from, to put `customQuestions.<i>` issues on the right row.
  const [sentRows, setSentRows] = useState<number[]>([]);
  const form = useSettingsForm<SsprSettings, Draft>({
    queryKey: ssprSettingsKey,
    path: '/settings/self-service-password-reset',
    toDraft,
    toSettings,
    check: checkDraft,
    beforeSave: (draft) => {
      setSentRows(questionRows(draft).map((q) => q.row));
    },
  });
  const { query: settings, draft, update, msg, issues } = form;

  /** The messages of every issue whose path starts with `prefix` (methods and methods.<kind>). */
  const under = (prefix: string) => {
    const list: ProblemIssue[] = [];
    for (const [path, items] of issues) if (path === prefix || path.startsWith(`${prefix}.`)) list.push(...items);
    return list.length ? list.map((i) => i.message).join(' ') : undefined;
  };
  const questionIssues = new Map<number, string>();
  for (const [path, items] of issues) {
    const match = /^customQuestions\.(\d+)$/.exec(path);
    const row = match ? sentRows[Number(match[1])] : undefined;
    if (row !== undefined) questionIssues.set(row, items.map((i) => i.message).join(' '));
  }

  const questionsOn = !!draft?.methods.securityQuestions;
  const shown = (path: string): boolean => {
    if (SHOWN_ALWAYS.includes(path)) return true;
    if (path === 'methods' || path.startsWith('methods.')) return true;
    if (path === 'groupId') return draft?.enabledFor === 'group';
    if (path === 'reconfirmDays') return !!draft?.requireRegistration;
    if (path === 'questionsToRegister' || path === 'questionsToReset' || path === 'customQuestions') return questionsOn;
    const match = /^customQuestions\.(\d+)$/.exec(path);
    return !!match && questionsOn && sentRows[Number(match[1])] !== undefined;
  };

  const title = useSettingsTitle(PATH);

  return (
    <SettingsPage path={PATH} subtitle={t('ssprSettings.subtitle')}>
      {settings.isError ? <ErrorBar error={settings.error} onRetry={() => void settings.refetch()} /> : null}
      {settings.isPending || !draft ? (
        settings.isError ? null : (
          <Spinner label={t('app.loading')} />
        )
      ) : (
        <form className={shared.form} onSubmit={form.submit} noValidate aria-label={title}>
          <SettingsCard headingId="sspr-properties-heading" title={t('ssprSettings.propertiesHeading')} description={t('ssprSettings.propertiesDescription')}>
            <Field label={t('ssprSettings.enabledFor')} validationMessage={msg('enabledFor')}>
              <RadioGroup value={draft.enabledFor} onChange={(_, d) => update((x) => ({ ...x, enabledFor: d.value as Draft['enabledFor'] }))}>
                {(['none', 'group', 'all'] as const).map((value) => (
                  <HintedRadio
                    key={value}
                    value={value}
                    label={t(`ssprSettings.enabled.${value}`)}
                    hint={t(`ssprSettings.enabledHint.${value}`)}
                    hintId={`sspr-enabled-${value}-hint`}
                  />
                ))}
              </RadioGroup>
            </Field>
            {draft.enabledFor === 'group' ? (
              <div className={styles.sub}>
                <SelfServiceResetGroupPicker
                  groupId={draft.groupId}
                  onChange={(groupId) => update((x) => ({ ...x, groupId }))}
                  validationMessage={msg('groupId')}
                />
              </div>
            ) : null}
            <MessageBar intent="info" layout="multiline">
              <MessageBarBody>{t('ssprSettings.adminPolicy')}</MessageBarBody>
            </MessageBar>
          </SettingsCard>

          <MethodsCard draft={draft} update={update} msg={msg} under={under} questionIssues={questionIssues} />

          <SettingsCard
            headingId="sspr-registration-heading"
            title={t('ssprSettings.registrationHeading')}
            description={t('ssprSettings.registrationDescription')}
          >
            <Field validationMessage={msg('requireRegistration')} hint={t('ssprSettings.requireRegistrationHint')}>
              <Switch
                checked={draft.requireRegistration}
                label={t('ssprSettings.requireRegistration')}
                onChange={(_, d) => update((x) => ({ ...x, requireRegistration: d.checked }))}
              />
            </Field>
            <NumberSettings
              settings={[{ field: 'reconfirmDays', label: t('ssprSettings.reconfirmDays'), hint: t('ssprSettings.reconfirmHint'), min: 0, max: 730 }]}
              disabled={!draft.requireRegistration}
              values={draft}
              msg={msg}
              onChange={(change) => update((x) => ({ ...x, ...change }))}
            />
          </SettingsCard>

          <SettingsCard headingId="sspr-notifications-heading" title={t('ssprSettings.notificationsHeading')}>
            <Field validationMessage={msg('notifyUsers')} hint={t('ssprSettings.notifyUsersHint')}>
              <Switch
                checked={draft.notifyUsers}
                label={t('ssprSettings.notifyUsers')}
                onChange={(_, d) => update((x) => ({ ...x, notifyUsers: d.checked }))}
              />
            </Field>
            <Field validationMessage={msg('notifyAdmins')} hint={t('ssprSettings.notifyAdminsHint')}>
              <Switch
                checked={draft.notifyAdmins}
                label={t('ssprSettings.notifyAdmins')}
                onChange={(_, d) => update((x) => ({ ...x, notifyAdmins: d.checked }))}
              />
            </Field>
          </SettingsCard>

          <SettingsCard headingId="sspr-on-premises-heading" title={t('ssprSettings.onPremisesHeading')} description={t('ssprSettings.onPremisesDescription')}>
            <Field validationMessage={msg('allowUnlockWithoutReset')} hint={t('ssprSettings.allowUnlockHint')}>
              <Switch
                checked={!!draft.allowUnlockWithoutReset}
                label={t('ssprSettings.allowUnlock')}
                onChange={(_, d) => update((x) => ({ ...x, allowUnlockWithoutReset: d.checked }))}
              />
            </Field>
          </SettingsCard>

          <SettingsCard
            headingId="sspr-customisation-heading"
            title={t('ssprSettings.customisationHeading')}
            description={t('ssprSettings.customisationDescription')}
          >
            <Switch
              checked={draft.customiseHelpdesk}
              label={t('ssprSettings.customiseHelpdesk')}
              onChange={(_, d) => update((x) => ({ ...x, customiseHelpdesk: d.checked }))}
            />
            {draft.customiseHelpdesk ? (
              <Field label={t('ssprSettings.helpdesk')} hint={t('ssprSettings.helpdeskHint')} required validationMessage={msg('customHelpdesk')}>
                <Input
                  className={styles.helpdesk}
                  value={draft.helpdesk}
                  maxLength={320}
                  spellCheck={false}
                  autoCapitalize="none"
                  onChange={(_, d) => update((x) => ({ ...x, helpdesk: d.value }))}
                />
              </Field>
            ) : null}
          </SettingsCard>

          <SettingsSaveBar form={form} shownPaths={shown} />
        </form>
      )}
    </SettingsPage>
  );
}
